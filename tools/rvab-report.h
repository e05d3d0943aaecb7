/* rvab — an A/B trial's documents (rvcompare's JSON Lines) gathered, then
 * printed as a table or drawn as a self-contained HTML report. */
#ifndef RVAB_REPORT_H
#define RVAB_REPORT_H

#include <stdio.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gchar *title;                 /* what B changes, e.g. "rvcirgate.fft-ista=true" */
  gchar *input;                 /* what went in */
  gchar *launch;                /* the pipeline that ran */
  gchar *summary;               /* the last ab_summary document */
  GArray *times;                /* gdouble: stream time (s) of every cycle */
  GArray *missing_a, *missing_b;        /* gdouble: cycles a branch missed */
  GHashTable *series;           /* field path → RvAbSeries */
  guint64 first_pts;
  gboolean have_first;
} RvAbTrial;

/* The cycles in which a field differed: the stream time and |Δ| (NaN when
 * the field has no difference figure: a category, an identity, or values
 * that cannot be compared). */
typedef struct
{
  GArray *t, *v;
} RvAbSeries;

RvAbTrial *rvab_trial_new (void);
void rvab_trial_free (RvAbTrial * t);
/* One document (one line, without its newline).  FALSE if it is not one
 * of rvcompare's. */
gboolean rvab_trial_add (RvAbTrial * t, const gchar * text, gsize len);
/* The summary as a readable table.  FALSE when there is no summary. */
gboolean rvab_print_table (const RvAbTrial * t, FILE * out);
/* The HTML report: one page, no script, no external resource. */
gboolean rvab_write_html (const RvAbTrial * t, FILE * out);

G_END_DECLS
#endif
