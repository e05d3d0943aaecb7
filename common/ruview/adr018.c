/* libruview — the ESP32 ADR-018 binary CSI datagram (see adr018.h). */
#include "ruview/adr018.h"

#include <string.h>

static uint16_t
rd_u16 (const uint8_t * p)
{
  return (uint16_t) (p[0] | (p[1] << 8));
}

static uint32_t
rd_u32 (const uint8_t * p)
{
  return (uint32_t) p[0] | ((uint32_t) p[1] << 8) | ((uint32_t) p[2] << 16)
      | ((uint32_t) p[3] << 24);
}

const char *
rv_adr018_error_str (RvAdr018Error e)
{
  switch (e) {
    case RV_ADR018_OK:
      return "ok";
    case RV_ADR018_NON_CSI:
      return "not a CSI datagram (sibling packet)";
    case RV_ADR018_ERR_SHORT:
      return "datagram shorter than the 20-byte header";
    case RV_ADR018_ERR_MAGIC:
      return "unknown datagram magic";
    case RV_ADR018_ERR_ANTENNAS:
      return "antenna count not in 1..4";
    case RV_ADR018_ERR_SUBCARRIERS:
      return "subcarrier count not in 1..256";
    case RV_ADR018_ERR_TRUNCATED:
      return "payload shorter than the header claims";
    case RV_ADR018_ERR_OVERSIZED:
      return "datagram longer than the largest valid CSI datagram";
  }
  return "unknown ADR-018 error";
}

int
rv_adr018_is_sibling_magic (uint32_t magic)
{
  return (magic >= 0xC5110002u && magic <= 0xC5110007u)
      || magic == 0xC511A110u;
}

RvAdr018Error
rv_adr018_parse (const uint8_t * data, size_t len, RvAdr018Header * hdr)
{
  uint32_t magic;
  size_t need;

  memset (hdr, 0, sizeof (*hdr));
  if (len >= 4) {
    magic = rd_u32 (data);
    hdr->magic = magic;
    if (rv_adr018_is_sibling_magic (magic))
      return RV_ADR018_NON_CSI;
  }
  if (len > RV_ADR018_MAX_DATAGRAM)
    return RV_ADR018_ERR_OVERSIZED;
  if (len < RV_ADR018_HEADER_SIZE)
    return RV_ADR018_ERR_SHORT;
  if (hdr->magic != RV_ADR018_MAGIC_CSI)
    return RV_ADR018_ERR_MAGIC;
  hdr->node_id = data[4];
  hdr->n_antennas = data[5];
  hdr->n_subcarriers = rd_u16 (data + 6);
  hdr->freq_mhz = rd_u32 (data + 8);
  hdr->sequence = rd_u32 (data + 12);
  hdr->rssi = (int8_t) data[16];
  hdr->noise_floor = (int8_t) data[17];
  hdr->ppdu_type = data[18];
  hdr->flags = data[19];
  hdr->payload = data + RV_ADR018_HEADER_SIZE;
  if (hdr->n_antennas == 0 || hdr->n_antennas > RV_ADR018_MAX_ANTENNAS)
    return RV_ADR018_ERR_ANTENNAS;
  if (hdr->n_subcarriers == 0
      || hdr->n_subcarriers > RV_ADR018_MAX_SUBCARRIERS)
    return RV_ADR018_ERR_SUBCARRIERS;
  need = RV_ADR018_HEADER_SIZE
      + 2u * (size_t) hdr->n_antennas * hdr->n_subcarriers;
  if (len < need)
    return RV_ADR018_ERR_TRUNCATED;
  return RV_ADR018_OK;
}

int16_t
rv_adr018_fix_rssi (int8_t raw)
{
  return raw > 0 ? (int16_t) - raw : (int16_t) raw;
}

uint16_t
rv_adr018_bandwidth (uint8_t ppdu_type, uint8_t flags, unsigned n)
{
  if (ppdu_type >= RV_ADR018_PPDU_HE_SU && ppdu_type <= RV_ADR018_PPDU_HE_TB)
    return ((flags & RV_ADR018_FLAG_BW40) || n > 256) ? 40 : 20;
  if (n <= 64)
    return 20;
  if (n <= 128)
    return 40;
  if (n <= 242)
    return 80;
  return 160;
}

void
rv_adr018_decode_pairs (const uint8_t * payload, size_t n_pairs,
    RvIqOrder order, double *data)
{
  size_t k;
  int first = order == RV_IQ_Q_FIRST ? 1 : 0;

  for (k = 0; k < n_pairs; k++) {
    double a = (double) (int8_t) payload[2 * k];
    double b = (double) (int8_t) payload[2 * k + 1];
    data[2 * k + first] = a;
    data[2 * k + 1 - first] = b;
  }
}

int
rv_adr018_fill_frame (const RvAdr018Header * hdr, RvIqOrder order,
    RvCsiFrame * f)
{
  unsigned k;

  if (f->layout != RV_LAYOUT_COMPLEX || f->dim0 != hdr->n_antennas
      || f->dim1 != hdr->n_subcarriers)
    return -1;
  rv_adr018_decode_pairs (hdr->payload,
      (size_t) hdr->n_antennas * hdr->n_subcarriers, order, f->data);
  for (k = 0; k < hdr->n_subcarriers; k++)
    f->subcarrier_index[k] = rv_fft_order_index (k);
  f->node_id = hdr->node_id;
  f->sequence = hdr->sequence;
  f->freq_mhz = hdr->freq_mhz > 65535u ? 0u : hdr->freq_mhz;
  f->rssi_dbm = rv_adr018_fix_rssi (hdr->rssi);
  f->noise_floor_dbm = hdr->noise_floor;
  f->ppdu_type = hdr->ppdu_type;
  f->hw_flags = hdr->flags;
  f->bandwidth_mhz =
      rv_adr018_bandwidth (hdr->ppdu_type, hdr->flags, hdr->n_subcarriers);
  return 0;
}
