/* libruview — the engine's provenance strings (engine.md §4.9): Rust Debug
 * text of each evidence reference, model/calibration version strings, the
 * privacy decision and the {:.2} statement.  Fixed-size buffers, no heap. */
#ifndef RUVIEW_PROVENANCE_H
#define RUVIEW_PROVENANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/fusion_quality.h"
#include "ruview/privacy.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_PROV_MAX_EVIDENCE RV_QUALITY_MAX_EVIDENCE
#define RV_PROV_STR 160

typedef struct {
  size_t n_evidence;
  char evidence[RV_PROV_MAX_EVIDENCE][RV_PROV_STR];
  char model_version[RV_PROV_STR];        /* "rfenc-v1" or "rfenc-v1+adapter:<id>" */
  char calibration_version[32];           /* "cal:%016llx" or "cal:none" */
  char privacy_decision[64];              /* "PrivateHome/Anonymous" */
} RvProvenance;

/* Rust {:?} of one EvidenceRef; returns the length (truncated to cap−1). */
size_t rv_evidence_debug (const RvEvidenceRef *e, char *buf, size_t cap);

/* Fill p from the score (evidence order), model version (+ adapter id, may be
 * NULL), the calibration agreed by the score and mode/effective class. */
void rv_provenance_build (RvProvenance *p, const RvQualityScore *q, uint16_t model_version,
                          const char *adapter_id, RvPrivacyMode mode,
                          RvPrivacyClass effective);

/* "occupancy coherence=<{:.2}> nodes=<n> demoted=<true|false>". */
size_t rv_provenance_statement (char *buf, size_t cap, float base_coherence,
                                size_t active_nodes, bool demoted);

#ifdef __cplusplus
}
#endif
#endif
