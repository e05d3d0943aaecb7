/* libruview — classic pcap and pcapng down to UDP (see pcap.h). */
#include "ruview/pcap.h"

#include <string.h>

#define LINKTYPE_ETHERNET   1
#define LINKTYPE_RAW        101
#define LINKTYPE_LINUX_SLL  113
#define LINKTYPE_LINUX_SLL2 276

#define NG_SHB 0x0A0D0D0Au
#define NG_IDB 1u
#define NG_PB  2u
#define NG_SPB 3u
#define NG_EPB 6u
#define NG_BYTE_ORDER 0x1A2B3C4Du

static uint16_t
ld16 (const RvPcap * st, const uint8_t * p)
{
  return st->big_endian ? rv_ld16be (p) : rv_ld16le (p);
}

static uint32_t
ld32 (const RvPcap * st, const uint8_t * p)
{
  return st->big_endian ? rv_ld32be (p) : rv_ld32le (p);
}

int
rv_pcap_is_pcap (const uint8_t * d, size_t len)
{
  uint32_t m;
  if (len < 4)
    return 0;
  m = rv_ld32le (d);
  return m == 0xa1b2c3d4u || m == 0xd4c3b2a1u || m == 0xa1b23c4du
      || m == 0x4d3cb2a1u || m == NG_SHB;
}

/* ---- link, IP, UDP ---- */

static void
dissect_ip (const uint8_t * p, size_t len, RvPcapPacket * pkt)
{
  const uint8_t *udp;
  size_t avail, ulen;

  if (len < 1)
    return;
  if ((p[0] >> 4) == 4) {
    size_t ihl = (size_t) (p[0] & 15u) * 4u, total;
    if (ihl < 20 || len < ihl || p[9] != 17)
      return;
    /* a fragment carries no whole datagram */
    if ((rv_ld16be (p + 6) & 0x3fffu) != 0)
      return;
    total = rv_ld16be (p + 2);
    if (total < ihl)
      return;
    udp = p + ihl;
    avail = (total < len ? total : len) - ihl;
  } else if ((p[0] >> 4) == 6) {
    size_t plen;
    if (len < 40 || p[6] != 17)
      return;
    plen = rv_ld16be (p + 4);
    udp = p + 40;
    avail = plen < len - 40 ? plen : len - 40;
  } else {
    return;
  }
  if (avail < 8)
    return;
  ulen = rv_ld16be (udp + 4);
  if (ulen < 8)
    return;
  pkt->src_port = rv_ld16be (udp);
  pkt->dst_port = rv_ld16be (udp + 2);
  pkt->udp = udp + 8;
  /* bounded by the UDP length (or by what was captured, when the snap
   * length cut the datagram: the payload's own size fields tell) */
  pkt->udp_len = (ulen <= avail ? ulen : avail) - 8;
}

void
rv_pcap_dissect (uint32_t linktype, const uint8_t * f, size_t len,
    RvPcapPacket * pkt)
{
  uint16_t proto;
  size_t off;

  pkt->udp = NULL;
  pkt->udp_len = 0;
  pkt->src_port = pkt->dst_port = 0;
  switch (linktype) {
    case LINKTYPE_ETHERNET:
      if (len < 14)
        return;
      off = 12;
      proto = rv_ld16be (f + off);
      while ((proto == 0x8100 || proto == 0x88a8) && len >= off + 6) {
        off += 4;
        proto = rv_ld16be (f + off);
      }
      off += 2;
      break;
    case LINKTYPE_LINUX_SLL:
      if (len < 16)
        return;
      proto = rv_ld16be (f + 14);
      off = 16;
      break;
    case LINKTYPE_LINUX_SLL2:
      if (len < 20)
        return;
      proto = rv_ld16be (f);
      off = 20;
      break;
    case LINKTYPE_RAW:
      proto = len > 0 && (f[0] >> 4) == 6 ? 0x86dd : 0x0800;
      off = 0;
      break;
    default:
      return;
  }
  if (proto != 0x0800 && proto != 0x86dd)
    return;
  dissect_ip (f + off, len - off, pkt);
}

/* ---- classic pcap ---- */

static RvCaptureStatus
classic_header (RvPcap * st, const uint8_t * d, size_t len, int at_eof,
    size_t * consumed)
{
  uint32_t m;
  if (len < 24)
    return at_eof ? (*consumed = len, st->broken = 1, RV_CAPTURE_ERR_TRUNCATED)
        : RV_CAPTURE_NEED_MORE;
  m = rv_ld32le (d);
  /* read as LE, a little-endian file gives the magic itself */
  st->big_endian = m == 0xd4c3b2a1u || m == 0x4d3cb2a1u;
  st->classic_units = (m == 0xa1b23c4du || m == 0x4d3cb2a1u)
      ? 1000000000u : 1000000u;
  st->classic_linktype = ld32 (st, d + 20) & 0x0fffffffu;
  st->started = 1;
  *consumed = 24;
  return RV_CAPTURE_CONTINUE;
}

static uint64_t
to_us (uint64_t ts, uint64_t units)
{
  return (ts / units) * 1000000u + ((ts % units) * 1000000u) / units;
}

static RvCaptureStatus
classic_packet (RvPcap * st, const uint8_t * d, size_t len, int at_eof,
    size_t * consumed, RvPcapPacket * pkt)
{
  uint32_t sec, frac, incl;

  if (len < 16)
    goto short_input;
  sec = ld32 (st, d);
  frac = ld32 (st, d + 4);
  incl = ld32 (st, d + 8);
  if (incl > RV_PCAP_MAX_BLOCK) {
    /* a record header that cannot be: nothing left to chain on */
    st->broken = 1;
    *consumed = len;
    return RV_CAPTURE_ERR_CONTAINER;
  }
  if (len < 16u + incl)
    goto short_input;
  pkt->time_us = (uint64_t) sec * 1000000u + to_us (frac, st->classic_units);
  st->last_time_us = pkt->time_us;
  rv_pcap_dissect (st->classic_linktype, d + 16, incl, pkt);
  *consumed = 16u + incl;
  return RV_CAPTURE_FRAME;

short_input:
  if (!at_eof)
    return RV_CAPTURE_NEED_MORE;
  *consumed = len;
  return RV_CAPTURE_ERR_TRUNCATED;
}

/* ---- pcapng ---- */

/* if_tsresol of an IDB's options, in units per second (0: invalid) */
static uint64_t
idb_units (const RvPcap * st, const uint8_t * opt, size_t len)
{
  uint64_t units = 1000000u;
  while (len >= 4) {
    uint16_t code = ld16 (st, opt), olen = ld16 (st, opt + 2);
    size_t padded = ((size_t) olen + 3u) & ~(size_t) 3u;
    if (code == 0 || 4u + padded > len)
      break;
    if (code == 9 && olen >= 1) {
      uint8_t v = opt[4];
      unsigned e = v & 0x7fu, i;
      if (v & 0x80u) {
        if (e > 40)
          return 0;
        units = UINT64_C (1) << e;
      } else {
        if (e > 12)
          return 0;
        for (units = 1, i = 0; i < e; i++)
          units *= 10u;
      }
      if (units == 0)
        return 0;
    }
    opt += 4u + padded;
    len -= 4u + padded;
  }
  return units;
}

static RvCaptureStatus
ng_block (RvPcap * st, const uint8_t * d, size_t len, int at_eof,
    size_t * consumed, RvPcapPacket * pkt)
{
  uint32_t type, blen;
  const uint8_t *body;
  size_t bodylen;

  if (len < 12)
    goto short_input;
  type = rv_ld32le (d);
  if (type == NG_SHB) {
    /* the section's byte order comes from its byte-order magic */
    uint32_t bom = rv_ld32le (d + 8);
    if (bom == NG_BYTE_ORDER)
      st->big_endian = 0;
    else if (bom == 0x4D3C2B1Au)
      st->big_endian = 1;
    else
      goto damaged;
    st->n_if = 0;
  } else {
    type = ld32 (st, d);
  }
  blen = ld32 (st, d + 4);
  if (blen < 12 || (blen & 3u) != 0 || blen > RV_PCAP_MAX_BLOCK)
    goto damaged;
  if (len < blen)
    goto short_input;
  if (ld32 (st, d + blen - 4) != blen)
    goto damaged;
  *consumed = blen;
  body = d + 8;
  bodylen = blen - 12;

  switch (type) {
    case NG_IDB:
      if (bodylen < 8)
        return RV_CAPTURE_ERR_CONTAINER;
      if (st->n_if < RV_PCAP_MAX_INTERFACES) {
        uint64_t units = idb_units (st, body + 8, bodylen - 8);
        if (units == 0)
          return RV_CAPTURE_ERR_CONTAINER;
        st->if_linktype[st->n_if] = ld16 (st, body);
        st->if_units[st->n_if] = units;
      }
      st->n_if++;
      return RV_CAPTURE_CONTINUE;
    case NG_EPB:
    case NG_PB:{
      uint32_t ifc, caplen;
      uint64_t ts;
      if (bodylen < 20)
        return RV_CAPTURE_ERR_CONTAINER;
      ifc = type == NG_EPB ? ld32 (st, body) : ld16 (st, body);
      ts = ((uint64_t) ld32 (st, body + 4) << 32) | ld32 (st, body + 8);
      caplen = ld32 (st, body + 12);
      if (ifc >= st->n_if || ifc >= RV_PCAP_MAX_INTERFACES
          || caplen > bodylen - 20)
        return RV_CAPTURE_ERR_CONTAINER;
      pkt->time_us = to_us (ts, st->if_units[ifc]);
      st->last_time_us = pkt->time_us;
      rv_pcap_dissect (st->if_linktype[ifc], body + 20, caplen, pkt);
      return RV_CAPTURE_FRAME;
    }
    case NG_SPB:{
      uint32_t orig;
      size_t caplen;
      if (bodylen < 4 || st->n_if == 0)
        return RV_CAPTURE_ERR_CONTAINER;
      orig = ld32 (st, body);
      caplen = orig < bodylen - 4 ? orig : bodylen - 4;
      /* no timestamp: the previous packet's */
      pkt->time_us = st->last_time_us;
      rv_pcap_dissect (st->if_linktype[0], body + 4, caplen, pkt);
      return RV_CAPTURE_FRAME;
    }
    default:
      return RV_CAPTURE_CONTINUE;
  }

damaged:
  st->broken = 1;
  *consumed = len;
  return RV_CAPTURE_ERR_CONTAINER;
short_input:
  if (!at_eof)
    return RV_CAPTURE_NEED_MORE;
  *consumed = len;
  return RV_CAPTURE_ERR_TRUNCATED;
}

RvCaptureStatus
rv_pcap_next (RvPcap * st, const uint8_t * d, size_t len, int at_eof,
    size_t * consumed, RvPcapPacket * pkt)
{
  *consumed = 0;
  memset (pkt, 0, sizeof (*pkt));
  if (st->broken) {
    /* after unrecoverable damage the rest of the input is dropped */
    *consumed = len;
    return len ? RV_CAPTURE_CONTINUE : (at_eof ? RV_CAPTURE_END
        : RV_CAPTURE_NEED_MORE);
  }
  if (len == 0)
    return at_eof ? RV_CAPTURE_END : RV_CAPTURE_NEED_MORE;
  if (!st->started) {
    if (len < 4)
      return at_eof ? (*consumed = len, RV_CAPTURE_ERR_TRUNCATED)
          : RV_CAPTURE_NEED_MORE;
    if (!rv_pcap_is_pcap (d, len)) {
      st->broken = 1;
      *consumed = len;
      return RV_CAPTURE_ERR_CONTAINER;
    }
    st->ng = rv_ld32le (d) == NG_SHB;
    if (!st->ng)
      return classic_header (st, d, len, at_eof, consumed);
    st->started = 1;
  }
  return st->ng ? ng_block (st, d, len, at_eof, consumed, pkt)
      : classic_packet (st, d, len, at_eof, consumed, pkt);
}
