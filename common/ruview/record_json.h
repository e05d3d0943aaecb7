/* libruview — the JSON frame format (docs/json-format.md): the record as one
 * JSON object (one JSON Lines line).  Writer and reader are exact inverses:
 * floats are written as the shortest decimal that round-trips in their own
 * type, so reading gives back the same bits. */
#ifndef RUVIEW_RECORD_JSON_H
#define RUVIEW_RECORD_JSON_H

#include "ruview/json.h"
#include "ruview/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Write the csi frame document; the object is left OPEN so the caller can
 * add members (metas) and close it with rv_json_end_object().
 * full = 0 leaves the arrays out (summary). */
void rv_record_csi_json_begin (RvJsonWriter * w, const RvCsiFrame * f, int full);

/* Write the fused frame document (object left open).  node_frames/n: the
 * node records carried by the fused buffer, written as "node_frames" when
 * full. */
void rv_record_fused_json_begin (RvJsonWriter * w, const RvFusedRecord * f,
    const RvCsiFrame * node_frames, unsigned n_node_frames, int full);

typedef enum
{
  RV_RECORD_JSON_OK = 0,
  RV_RECORD_JSON_NOT_A_FRAME,   /* no "type":"csi_frame" */
  RV_RECORD_JSON_MISSING,       /* a required member is missing or mistyped */
  RV_RECORD_JSON_DIMENSIONS     /* array lengths disagree or are out of range */
} RvRecordJsonError;

const char *rv_record_json_error_str (RvRecordJsonError e);

/* Layout and dimensions of a csi_frame document. */
RvRecordJsonError rv_record_csi_json_dims (const RvJsonValue * doc,
    RvLayout * layout, unsigned *dim0, unsigned *dim1);

/* Fill a record initialised with those dimensions (rv_record_csi_init).
 * *has_pts / *has_duration tell whether "pts_ns" / "duration_ns" were
 * present (their values are stored in f either way). */
RvRecordJsonError rv_record_csi_from_json (const RvJsonValue * doc,
    RvCsiFrame * f, int *has_pts, int *has_duration);

#ifdef __cplusplus
}
#endif
#endif
