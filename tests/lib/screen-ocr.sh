#!/bin/bash
# Reads a screendump of a PC text console (VGA text mode or a framebuffer
# console) back as text with OCR, one character row at a time: whole-page
# OCR drops short or highlighted rows (the selected row is black on cyan).
# Blank rows are skipped; each row, its cyan highlight turned white so that
# it reads like any other, is scaled to about 48 pixels high and read as
# one line (tesseract --psm 7).
# Usage: screen-ocr.sh PNG [ROWS|page]   (text on stdout, one line per
# non-blank row; ROWS, the console's number of text rows, gives the row
# height: default 16-pixel rows, as VGA text and the 8x16 font have).
# `page` reads a firmware or boot loader screen (UEFI's 8x19 font, text
# anywhere on a graphics mode) as one page, light on dark made dark on
# light, which OCR reads best when rows do not sit on a known grid.
set -eu
png=$1 rows=${2:-}
[ -s "$png" ] || { echo "screen-ocr: $png is missing or empty; take the screendump first." >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$rows" = page ]; then
	convert "$png" -scale 200% -negate "$work/page.png"
	tesseract "$work/page.png" - --psm 3 2>/dev/null | tr -d '\f' | sed -e 's/[—–]/-/g' -e '/^[[:space:]]*$/d'
	exit 0
fi
convert "$png" -fuzz 25% -fill white -opaque 'srgb(0,170,170)' "$work/screen.png"
height=$(identify -format %h "$work/screen.png")
width=$(identify -format %w "$work/screen.png")
case "$rows" in ''|*[!0-9]*|0) step=16 ;; *) step=$((height / rows)) ;; esac
scale=$((48 / step))00   # rows come to OCR about 48 pixels tall
[ "$scale" -ge 100 ] || scale=100
for ((y = 0; y + step <= height; y += step)); do
	convert "$work/screen.png" -crop "${width}x$step+0+$y" +repage "$work/row.png"
	# A row with no lit pixels has no text.
	[ "$(convert "$work/row.png" -colorspace gray -format '%[fx:maxima]' info:)" != 0 ] || continue
	convert "$work/row.png" -scale "$scale%" "$work/row3.png"
	# The screen has only ASCII hyphens; OCR sometimes reads them as dashes.
	tesseract "$work/row3.png" - --psm 7 2>/dev/null | tr -d '\f' | sed -e 's/[—–]/-/g' -e '/^[[:space:]]*$/d'
done
