"""Who answers DHCP and PXE on a NIC: one DHCPDISCOVER as a PXE client
would send it, and the offers that come back.  `xenlive-pool serve` asks
before it serves: another boot server on the segment is refused, and a
DHCP server there makes this one a proxy beside it.

A packet socket, not UDP port 68: systemd-networkd's DHCP client may hold
that port, and a DISCOVER from 0.0.0.0 needs no address on the NIC."""
import os
import select
import socket
import struct
import time

ETH_P_IP = 0x0800
MAGIC = b"\x63\x82\x53\x63"
# What a BIOS PXE ROM sends (RFC 4578): the vendor class, the client
# architecture (0: x86 BIOS), the network interface (UNDI 2.1), a GUID.
PXE_CLASS = b"PXEClient:Arch:00000:UNDI:002001"


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def option(code, value):
    return bytes([code, len(value)]) + value


def discover(mac, xid):
    """A DHCPDISCOVER from MAC (6 bytes) as a PXE client, broadcast flag on
    (so that an offer comes back as a broadcast, whatever the NIC's
    address)."""
    bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000,
                        b"\0" * 4, b"\0" * 4, b"\0" * 4, b"\0" * 4, mac + b"\0" * 10, b"", b"")
    opts = (option(53, b"\x01") + option(60, PXE_CLASS) + option(93, b"\x00\x00") + option(94, b"\x01\x02\x01")
            + option(97, b"\x00" + os.urandom(16)) + option(55, bytes([1, 3, 43, 54, 60, 66, 67])) + b"\xff")
    return bootp + MAGIC + opts


def ip_udp(payload, sport=68, dport=67):
    """payload in UDP from 0.0.0.0:68 to 255.255.255.255:67 (UDP checksum 0:
    none, which IPv4 allows)."""
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, b"\0" * 4, b"\xff" * 4)
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + udp


def parse_reply(packet, xid):
    """An IPv4 packet seen on the NIC: the DHCP reply to xid as a dict
    {server, boot}, or None.  server: who sent it (option 54, else the IP
    source); boot: it names a boot server or file (a PXE or proxy DHCP
    server), not only an address."""
    if len(packet) < 28 or packet[0] >> 4 != 4 or packet[9] != 17:
        return None
    ihl = (packet[0] & 0x0F) * 4
    udp = packet[ihl:ihl + 8]
    if len(udp) < 8 or struct.unpack("!H", udp[2:4])[0] != 68:
        return None
    bootp = packet[ihl + 8:]
    if len(bootp) < 240 or bootp[0] != 2 or struct.unpack("!I", bootp[4:8])[0] != xid or bootp[236:240] != MAGIC:
        return None
    opts, i = {}, 240
    while i < len(bootp) and bootp[i] != 255:
        if bootp[i] == 0:
            i += 1
            continue
        if i + 1 >= len(bootp):
            break
        code, n = bootp[i], bootp[i + 1]
        opts[code] = bootp[i + 2:i + 2 + n]
        i += 2 + n
    server = socket.inet_ntoa(opts[54]) if len(opts.get(54, b"")) == 4 else socket.inet_ntoa(packet[12:16])
    boot = (opts.get(60, b"").startswith(b"PXEClient") or 43 in opts or 66 in opts or 67 in opts
            or bootp[108:236].strip(b"\0") != b"")
    return {"server": server, "boot": boot}


def probe(nic, mac, seconds=6.0):
    """The answers to one PXE DISCOVER on nic (from its own MAC, "aa:bb:..."),
    collected for a few seconds: a list of {server, boot}, one per server.
    A server may ping an address before it offers it (dnsmasq does, for
    about three seconds): the wait is longer than that."""
    xid = int.from_bytes(os.urandom(4), "big")
    hw = bytes(int(b, 16) for b in mac.split(":"))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_IP))
    try:
        s.bind((nic, ETH_P_IP))
        s.sendto(ip_udp(discover(hw, xid)), (nic, ETH_P_IP, 0, 0, b"\xff" * 6))
        seen, end = {}, time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            if not select.select([s], [], [], left)[0]:
                continue
            reply = parse_reply(s.recv(2048), xid)
            if reply:
                seen.setdefault(reply["server"], reply)["boot"] |= reply["boot"]
        return list(seen.values())
    finally:
        s.close()
