/* tests/fuzz: builders for the generated seed inputs (seeds.c).  Seeds are
 * made by the project's own writers at run time, never copied from
 * recordings. */
#ifndef RV_FUZZ_SEEDS_H
#define RV_FUZZ_SEEDS_H

#include <stddef.h>
#include <stdint.h>

#include "ruview/json.h"
#include "ruview/record.h"

/* A csi record of these dimensions with deterministic contents (node,
 * sequence, values derived from them) in a new 8-aligned buffer; *len its
 * size.  free() it. */
uint8_t *rv_fuzz_csi_record (RvLayout layout, unsigned dim0, unsigned dim1,
    uint32_t node, uint32_t sequence, size_t * len);

/* A fused cycle as recorded: the RVFU record and its n_nodes RVCF node
 * records (complex 1 × n_bins), concatenated.  free() it. */
uint8_t *rv_fuzz_fused_recording (unsigned n_nodes, unsigned n_bins,
    uint64_t cycle, size_t * len);

/* The recording of len bytes (current records) rewritten in place as the
 * version before (no checksum trailer: csi version 1, fused version 2),
 * as an older writer made it; returns its new length. */
size_t rv_fuzz_older_recording (uint8_t * rec, size_t len);

/* 1 if every value of the frame is finite (the JSON format writes a
 * non-finite value as null, so only finite frames round-trip). */
int rv_fuzz_csi_all_finite (const RvCsiFrame * f);

/* Append the JSON Lines line of a csi record (full, with newline) to w. */
void rv_fuzz_csi_json_line (RvJsonWriter * w, RvLayout layout, unsigned dim0,
    unsigned dim1, uint32_t node, uint32_t sequence);

#endif
