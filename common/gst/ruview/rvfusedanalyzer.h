/* libgstruview — GstRvFusedAnalyzer: the base class of the in-place
 * analysers of the fused stream (rvcirgate, rvtomography, rvposetrack,
 * rvwitness).
 *
 * It owns what they share: the fused record and its node records mapped for
 * the subclass, the bad-input policy, the common statistics and the element
 * messages (one per `message-interval`, as `level`).
 *
 * Per buffer, in the streaming thread:
 *   - a GAP buffer, or a fused record without bins, is a gap: counted,
 *     passed on untouched, not shown to the subclass;
 *   - a buffer that is not a valid fused record, or whose node records do
 *     not all parse, is invalid: counted, logged at WARNING, passed on
 *     untouched (never an error, never a stop);
 *   - otherwise analyze() sees the record and every node record, attaches
 *     its metas and updates its own counters.
 * Then finish() (optional) sees every buffer with what it was, and the
 * message interval is accounted; a due message is posted with no lock
 * held: timing fields, `cycles` and `gaps` of the interval, then the
 * subclass's fields (fill_message).  The open interval is posted at EOS
 * and dropped by a flush.
 *
 * Properties installed here: `post-messages` (default TRUE) and
 * `message-interval` (ns, default 1 s; 0 = a message per buffer). */
#ifndef GST_RUVIEW_FUSED_ANALYZER_H
#define GST_RUVIEW_FUSED_ANALYZER_H

#include <gst/gst.h>
#include <gst/base/gstbasetransform.h>
#include "gst/ruview/rvapi.h"
#include "ruview/record.h"

G_BEGIN_DECLS

/* node records a cycle may carry */
#define GST_RV_FUSED_MAX_NODE_RECORDS 64

/* What a fused cycle is, as the subclass sees it. */
typedef struct
{
  RvFusedRecord record;         /* the fused record (read-write when the
                                 * class sets writes_record) */
  guint n_node_records;
  RvCsiFrame nodes[GST_RV_FUSED_MAX_NODE_RECORDS];      /* record order */
} GstRvFusedCycle;

/* analyze(): the cycle is not usable (handled as an invalid buffer) */
#define GST_RV_FUSED_ANALYZER_FLOW_INVALID GST_FLOW_CUSTOM_SUCCESS

typedef enum
{
  GST_RV_CYCLE_ANALYZED,        /* analyze() ran */
  GST_RV_CYCLE_GAP,
  GST_RV_CYCLE_INVALID
} GstRvCycleKind;

#define GST_TYPE_RV_FUSED_ANALYZER (gst_rv_fused_analyzer_get_type ())
GST_RUVIEW_API
G_DECLARE_DERIVABLE_TYPE (GstRvFusedAnalyzer, gst_rv_fused_analyzer, GST,
    RV_FUSED_ANALYZER, GstBaseTransform);

struct _GstRvFusedAnalyzerClass
{
  GstBaseTransformClass parent_class;

  /* the element message's name (the element name) */
  const gchar *message_name;
  /* map the fused record read-write; changes are written back */
  gboolean writes_record;

  /* A valid, non-gap cycle.  Returns GST_FLOW_OK,
   * GST_RV_FUSED_ANALYZER_FLOW_INVALID when the subclass finds the cycle
   * unusable (counted and passed on as an invalid one), or an error the
   * element has already posted (only for conditions a user must act on). */
  GstFlowReturn (*analyze) (GstRvFusedAnalyzer * self, GstBuffer * buf,
      GstRvFusedCycle * cycle);
  /* Every buffer, after analyze() and with nothing mapped.  May return
   * GST_BASE_TRANSFORM_FLOW_DROPPED. */
  GstFlowReturn (*finish) (GstRvFusedAnalyzer * self, GstBuffer * buf,
      GstRvCycleKind kind);
  /* Appends the subclass's fields to the message of an interval in which
   * `analyzed` cycles were analysed, and starts its own interval counters
   * again.  Streaming thread, no lock held. */
  void (*fill_message) (GstRvFusedAnalyzer * self, GstStructure * s,
      guint64 analyzed);

  /* < private > */
  gpointer _gst_reserved[GST_PADDING];
};

/* A new `<name>` statistics structure holding the common counters
 * (`cycles` analysed, `gaps`, `invalid`); the subclass appends its own.
 * Call with the object lock held (the counters are written under it). */
GST_RUVIEW_API
GstStructure *gst_rv_fused_analyzer_stats_new (GstRvFusedAnalyzer * self,
    const gchar * name);

/* The segment of the sink pad (for stream time in analyze()). */
GST_RUVIEW_API
const GstSegment *gst_rv_fused_analyzer_segment (GstRvFusedAnalyzer * self);

G_END_DECLS
#endif
