#!/bin/bash
# shellcheck disable=SC2154  # out, work, check, ... come from run.sh
# Sourced by run.sh: the interactive screen (filled in below).
set -eu
