/* libruview — the engine's BLAKE3 witness (engine.md §4.11): an unkeyed
 * BLAKE3-256 over a length-prefixed, domain-tagged preimage of the
 * provenance strings and the effective class.  Not chained, no time. */
#ifndef RUVIEW_WITNESS_H
#define RUVIEW_WITNESS_H

#include <stddef.h>
#include <stdint.h>

#include "ruview/provenance.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_WITNESS_DOMAIN "ruview.engine.witness.v1"

/* Preimage bytes (§4.11 layout).  Writes up to cap bytes, returns the full
 * length (call with buf NULL / cap 0 to size it). */
size_t rv_witness_preimage (uint8_t *buf, size_t cap, const char *const *evidence,
                            size_t n_evidence, const char *model_version,
                            const char *calibration_version,
                            const char *privacy_decision, uint8_t effective_class);

void rv_witness_compute (const char *const *evidence, size_t n_evidence,
                         const char *model_version, const char *calibration_version,
                         const char *privacy_decision, uint8_t effective_class,
                         uint8_t out[32]);

/* witness_of(provenance, class). */
void rv_witness_of (const RvProvenance *p, RvPrivacyClass effective, uint8_t out[32]);

/* Lower-case hex, NUL-terminated (65 bytes). */
void rv_hex32 (const uint8_t h[32], char out[65]);

#ifdef __cplusplus
}
#endif
#endif
