/* rvab — an A/B trial's documents as a table or an HTML report (see
 * rvab-report.h).  Presentation only: every figure comes from rvcompare's
 * documents (docs/rvcompare.md). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "rvab-report.h"
#include "ruview/json.h"

#define CHART_W 720             /* plot columns (px) */
#define CHART_H 120
#define MARGIN_L 64
#define MARGIN_B 22
#define STRIP_H 18

/* ---------------------------------------------------------- documents */

static void
series_free (gpointer p)
{
  RvAbSeries *s = p;
  g_array_unref (s->t);
  g_array_unref (s->v);
  g_free (s);
}

RvAbTrial *
rvab_trial_new (void)
{
  RvAbTrial *t = g_new0 (RvAbTrial, 1);
  t->times = g_array_new (FALSE, FALSE, sizeof (gdouble));
  t->missing_a = g_array_new (FALSE, FALSE, sizeof (gdouble));
  t->missing_b = g_array_new (FALSE, FALSE, sizeof (gdouble));
  t->series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      series_free);
  return t;
}

void
rvab_trial_free (RvAbTrial * t)
{
  if (!t)
    return;
  g_free (t->title);
  g_free (t->input);
  g_free (t->launch);
  g_free (t->summary);
  g_array_unref (t->times);
  g_array_unref (t->missing_a);
  g_array_unref (t->missing_b);
  g_hash_table_unref (t->series);
  g_free (t);
}

static const RvJsonValue *
parse (RvJsonDoc * doc, const gchar * text, gsize len)
{
  return rv_json_parse (doc, text, len, NULL, NULL);
}

static const gchar *
jstr (const RvJsonValue * v, const gchar * key)
{
  const RvJsonValue *m = rv_json_get (v, key);
  return m && m->type == RV_JSON_STRING ? m->text : NULL;
}

static guint64
ju64 (const RvJsonValue * v, const gchar * key)
{
  guint64 x = 0;
  rv_json_as_u64 (rv_json_get (v, key), &x);
  return x;
}

/* NaN when absent or null */
static gdouble
jf64 (const RvJsonValue * v, const gchar * key)
{
  gdouble x = NAN;
  if (rv_json_as_f64 (rv_json_get (v, key), &x) != 0)
    return NAN;
  return x;
}

gboolean
rvab_trial_add (RvAbTrial * t, const gchar * text, gsize len)
{
  RvJsonDoc *doc = rv_json_doc_new ();
  gchar *copy = g_strndup (text, len);
  const RvJsonValue *v = parse (doc, copy, len), *m;
  const gchar *type = v ? jstr (v, "type") : NULL;
  gboolean ok = TRUE;
  gdouble ts;
  guint64 pts;

  if (type && g_str_equal (type, "ab_summary")) {
    g_free (t->summary);
    t->summary = g_strndup (text, len);
    goto done;
  }
  if (!type || !g_str_equal (type, "ab_cycle")) {
    ok = FALSE;
    goto done;
  }
  pts = ju64 (v, "pts_ns");
  if (!t->have_first) {
    t->first_pts = pts;
    t->have_first = TRUE;
  }
  ts = pts >= t->first_pts ? (gdouble) (pts - t->first_pts) / 1e9 : 0.0;
  g_array_append_val (t->times, ts);
  if (jstr (v, "missing")) {
    g_array_append_val (g_str_equal (jstr (v, "missing"), "a") ?
        t->missing_a : t->missing_b, ts);
    goto done;
  }
  m = rv_json_get (v, "differences");
  for (m = m ? m->child : NULL; m; m = m->next) {
    gchar *key = g_strndup (m->key, m->key_len);
    RvAbSeries *s = g_hash_table_lookup (t->series, key);
    gdouble d = m->type == RV_JSON_OBJECT ? jf64 (m, "abs_diff") : NAN;
    if (!s) {
      s = g_new0 (RvAbSeries, 1);
      s->t = g_array_new (FALSE, FALSE, sizeof (gdouble));
      s->v = g_array_new (FALSE, FALSE, sizeof (gdouble));
      g_hash_table_insert (t->series, key, s);
    } else {
      g_free (key);
    }
    g_array_append_val (s->t, ts);
    g_array_append_val (s->v, d);
  }
done:
  rv_json_doc_free (doc);
  g_free (copy);
  return ok;
}

static gboolean
in_array (const RvJsonValue * arr, const gchar * s, gsize len)
{
  const RvJsonValue *e;
  for (e = arr ? arr->child : NULL; e; e = e->next)
    if (e->type == RV_JSON_STRING && e->len == len
        && memcmp (e->text, s, len) == 0)
      return TRUE;
  return FALSE;
}

/* "queue ! rvcirgate ! …" */
static gchar *
elements_text (const RvJsonValue * branch)
{
  const RvJsonValue *e = rv_json_get (branch, "elements");
  GString *s = g_string_new (NULL);
  for (e = e ? e->child : NULL; e; e = e->next) {
    if (s->len)
      g_string_append (s, " ! ");
    g_string_append (s, e->text);
  }
  return g_string_free (s, FALSE);
}

/* "0.41 ms/cycle" or "unknown" */
static gchar *
time_text (const RvJsonValue * branch)
{
  const RvJsonValue *pt = rv_json_get (branch, "processing_time");
  if (!pt || pt->type != RV_JSON_OBJECT)
    return g_strdup ("unknown");
  return g_strdup_printf ("%.3g ms/cycle (max %.3g)",
      jf64 (pt, "mean_us") / 1000.0, jf64 (pt, "max_us") / 1000.0);
}

static gchar *
figure (gdouble x)
{
  return isnan (x) ? g_strdup ("-") : g_strdup_printf ("%.3g", x);
}

/* "accept/accept 99, predict_only/predict_only 1" */
static gchar *
cells_text (const RvJsonValue * table)
{
  const RvJsonValue *c;
  GString *s = g_string_new (NULL);
  for (c = table->child; c; c = c->next) {
    guint64 n = 0;
    rv_json_as_u64 (c, &n);
    g_string_append_printf (s, "%s%.*s %" G_GUINT64_FORMAT, s->len ? ", " :
        "", (int) c->key_len, c->key, n);
  }
  return g_string_free (s, FALSE);
}

/* ---------------------------------------------------------- table */

gboolean
rvab_print_table (const RvAbTrial * t, FILE * o)
{
  RvJsonDoc *doc;
  const RvJsonValue *s, *m, *changed;
  const gchar *ab[2] = { "a", "b" };
  GString *same = g_string_new (NULL);
  guint i;

  if (!t->summary)
    return FALSE;
  doc = rv_json_doc_new ();
  s = parse (doc, t->summary, strlen (t->summary));
  if (!s) {
    rv_json_doc_free (doc);
    return FALSE;
  }
  changed = rv_json_get (s, "changed");
  fprintf (o, "A/B trial: %s\n", t->title ? t->title : "");
  if (t->input)
    fprintf (o, "input: %s\n", t->input);
  for (i = 0; i < 2; i++) {
    const RvJsonValue *b = rv_json_get (s, ab[i]);
    gchar *el = elements_text (b), *tm = time_text (b);
    const gchar *label = jstr (b, "label");
    fprintf (o, "  %c  %-7s %-28s %s\n     processing time %s\n", 'A' + i,
        jstr (b, "pad") ? jstr (b, "pad") : "?", label ? label : "", el, tm);
    g_free (el);
    g_free (tm);
  }
  m = rv_json_get (s, "differences");
  fprintf (o, "properties that differ (read from the branches):%s\n",
      m && m->n_children ? "" : " none");
  for (m = m ? m->child : NULL; m; m = m->next)
    fprintf (o, "  %-36.*s %s -> %s\n", (int) m->key_len, m->key,
        jstr (m, "a"), jstr (m, "b"));
  for (i = 0; i < 2; i++) {
    const RvJsonValue *only = rv_json_get (s, i ? "only_in_b" : "only_in_a");
    for (m = only ? only->child : NULL; m; m = m->next)
      fprintf (o, "  only in %c: %s\n", 'A' + i, m->text);
  }
  fprintf (o, "cycles: %" G_GUINT64_FORMAT " compared, %" G_GUINT64_FORMAT
      " identical; missing in A %" G_GUINT64_FORMAT ", in B %"
      G_GUINT64_FORMAT "; late A %" G_GUINT64_FORMAT ", B %" G_GUINT64_FORMAT
      "\n\n", ju64 (s, "cycles"), ju64 (s, "equal_cycles"),
      ju64 (rv_json_get (s, "missing"), "a"),
      ju64 (rv_json_get (s, "missing"), "b"),
      ju64 (rv_json_get (s, "late"), "a"), ju64 (rv_json_get (s, "late"),
          "b"));

  fprintf (o, "%-36s %13s %10s %10s %10s\n", "field (changed)", "equal",
      "max |d|", "mean |d|", "max rel");
  m = rv_json_get (s, "fields");
  for (m = m ? m->child : NULL; m; m = m->next) {
    gchar *mx, *mean, *rel, *eq;
    if (!in_array (changed, m->key, m->key_len)) {
      g_string_append_printf (same, "%s%.*s", same->len ? ", " : "",
          (int) m->key_len, m->key);
      continue;
    }
    mx = figure (jf64 (m, "max_abs_diff"));
    mean = figure (jf64 (m, "mean_abs_diff"));
    rel = figure (jf64 (m, "max_rel_diff"));
    eq = g_strdup_printf ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
        ju64 (m, "equal"), ju64 (m, "compared"));
    fprintf (o, "  %-34.*s %13s %10s %10s %10s", (int) m->key_len, m->key, eq,
        mx, mean, rel);
    if (ju64 (m, "only_a") || ju64 (m, "only_b"))
      fprintf (o, "  only A %" G_GUINT64_FORMAT ", only B %" G_GUINT64_FORMAT,
          ju64 (m, "only_a"), ju64 (m, "only_b"));
    if (ju64 (m, "incomparable"))
      fprintf (o, "  incomparable %" G_GUINT64_FORMAT, ju64 (m,
              "incomparable"));
    fputc ('\n', o);
    g_free (mx);
    g_free (mean);
    g_free (rel);
    g_free (eq);
  }
  if (same->len)
    fprintf (o, "equal on every compared cycle: %s\n", same->str);
  fprintf (o, "\ndecisions (A/B: cycles)\n");
  m = rv_json_get (s, "decisions");
  for (m = m ? m->child : NULL; m; m = m->next) {
    gchar *cells = cells_text (m);
    fprintf (o, "  %-34.*s %-8s %s\n", (int) m->key_len, m->key,
        in_array (changed, m->key, m->key_len) ? "CHANGED" : "", cells);
    g_free (cells);
  }
  g_string_free (same, TRUE);
  rv_json_doc_free (doc);
  return TRUE;
}

/* ---------------------------------------------------------- HTML */

static void
esc (FILE * o, const gchar * s, gssize len)
{
  gsize i, n = len < 0 ? strlen (s) : (gsize) len;
  for (i = 0; i < n; i++) {
    switch (s[i]) {
      case '<':
        fputs ("&lt;", o);
        break;
      case '>':
        fputs ("&gt;", o);
        break;
      case '&':
        fputs ("&amp;", o);
        break;
      case '"':
        fputs ("&quot;", o);
        break;
      default:
        fputc (s[i], o);
    }
  }
}

static gdouble
last_time (const RvAbTrial * t)
{
  gdouble end = 0.0;
  guint i;
  for (i = 0; i < t->times->len; i++)
    end = MAX (end, g_array_index (t->times, gdouble, i));
  return end > 0.0 ? end : 1.0;
}

static guint
column (gdouble ts, gdouble end)
{
  gint c = (gint) floor (ts / end * (CHART_W - 1));
  return (guint) CLAMP (c, 0, CHART_W - 1);
}

static void
x_axis (FILE * o, gdouble end, gint y)
{
  fprintf (o, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
      MARGIN_L, y, MARGIN_L + CHART_W, y);
  fprintf (o, "<text x=\"%d\" y=\"%d\">0 s</text>", MARGIN_L, y + 15);
  fprintf (o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.3g s</text>",
      MARGIN_L + CHART_W, y + 15, end);
}

/* |Δ| over stream time: one bar per column (its largest |Δ|); differences
 * without a figure as ticks above the plot */
static void
chart_numbers (FILE * o, const RvAbTrial * t, const RvAbSeries * s)
{
  gdouble col[CHART_W], ymax = 0.0, end = last_time (t);
  gboolean tick[CHART_W];
  const gint top = 10, base = top + CHART_H;
  guint i;

  for (i = 0; i < CHART_W; i++) {
    col[i] = 0.0;
    tick[i] = FALSE;
  }
  for (i = 0; i < s->t->len; i++) {
    guint c = column (g_array_index (s->t, gdouble, i), end);
    gdouble v = g_array_index (s->v, gdouble, i);
    if (isnan (v))
      tick[c] = TRUE;
    else
      col[c] = MAX (col[c], v);
  }
  for (i = 0; i < CHART_W; i++)
    ymax = MAX (ymax, col[i]);
  fprintf (o, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" "
      "height=\"%d\">", MARGIN_L + CHART_W + 8, base + MARGIN_B,
      MARGIN_L + CHART_W + 8, base + MARGIN_B);
  fprintf (o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.3g</text>",
      MARGIN_L - 4, top + 10, ymax);
  fprintf (o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>",
      MARGIN_L - 4, base);
  fprintf (o, "<text x=\"4\" y=\"%d\">|&#916;|</text>", top + CHART_H / 2);
  fprintf (o, "<path class=\"bar\" d=\"");
  for (i = 0; i < CHART_W; i++)
    if (col[i] > 0.0)
      fprintf (o, "M%u %dV%.1f", MARGIN_L + i, base,
          base - col[i] / ymax * CHART_H);
  fprintf (o, "\"/><path class=\"tick\" d=\"");
  for (i = 0; i < CHART_W; i++)
    if (tick[i])
      fprintf (o, "M%u %dV%d", MARGIN_L + i, top - 8, top - 2);
  fprintf (o, "\"/>");
  x_axis (o, end, base);
  fprintf (o, "</svg>\n");
}

/* one strip: a tick per column holding a cycle of times */
static void
strip (FILE * o, const gchar * name, GArray * times, gdouble end)
{
  gboolean tick[CHART_W];
  guint i;

  for (i = 0; i < CHART_W; i++)
    tick[i] = FALSE;
  for (i = 0; i < times->len; i++)
    tick[column (g_array_index (times, gdouble, i), end)] = TRUE;
  fprintf (o, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" "
      "height=\"%d\">", MARGIN_L + CHART_W + 8, STRIP_H + MARGIN_B,
      MARGIN_L + CHART_W + 8, STRIP_H + MARGIN_B);
  fprintf (o, "<text x=\"4\" y=\"%d\">", STRIP_H - 4);
  esc (o, name, -1);
  fprintf (o, "</text><path class=\"tick\" d=\"");
  for (i = 0; i < CHART_W; i++)
    if (tick[i])
      fprintf (o, "M%u 2V%d", MARGIN_L + i, STRIP_H);
  fprintf (o, "\"/>");
  x_axis (o, end, STRIP_H);
  fprintf (o, "</svg>\n");
}

static const gchar css[] =
    "body{font-family:sans-serif;margin:2em;max-width:60em;color:#222}"
    "table{border-collapse:collapse;margin:0.5em 0}"
    "td,th{border-bottom:1px solid #ddd;padding:0.2em 0.6em;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "code{font-size:0.9em}.changed{color:#b30000;font-weight:bold}"
    "svg.chart{display:block;margin:0.3em 0 1em 0}"
    "svg text{font-size:11px;fill:#444}"
    ".axis{stroke:#888;stroke-width:1}"
    ".bar{stroke:#1f5fa8;stroke-width:1}" ".tick{stroke:#b30000;stroke-width:1}";

static void
html_branches (FILE * o, const RvJsonValue * s)
{
  const gchar *ab[2] = { "a", "b" };
  guint i;

  fprintf (o, "<table><tr><th></th><th>pad</th><th>label</th>"
      "<th>elements</th><th>processing time</th></tr>\n");
  for (i = 0; i < 2; i++) {
    const RvJsonValue *b = rv_json_get (s, ab[i]);
    gchar *el = elements_text (b), *tm = time_text (b);
    const gchar *label = jstr (b, "label");
    fprintf (o, "<tr><td>%c</td><td>", 'A' + i);
    esc (o, jstr (b, "pad") ? jstr (b, "pad") : "", -1);
    fprintf (o, "</td><td>");
    esc (o, label ? label : "", -1);
    fprintf (o, "</td><td><code>");
    esc (o, el, -1);
    fprintf (o, "</code></td><td>");
    esc (o, tm, -1);
    fprintf (o, "</td></tr>\n");
    g_free (el);
    g_free (tm);
  }
  fprintf (o, "</table>\n");
}

gboolean
rvab_write_html (const RvAbTrial * t, FILE * o)
{
  RvJsonDoc *doc;
  const RvJsonValue *s, *m, *changed, *fields, *decisions;
  gdouble end = last_time (t);

  if (!t->summary)
    return FALSE;
  doc = rv_json_doc_new ();
  s = parse (doc, t->summary, strlen (t->summary));
  if (!s) {
    rv_json_doc_free (doc);
    return FALSE;
  }
  changed = rv_json_get (s, "changed");
  fields = rv_json_get (s, "fields");
  decisions = rv_json_get (s, "decisions");

  fprintf (o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>A/B trial: ");
  esc (o, t->title ? t->title : "", -1);
  fprintf (o, "</title><style>%s</style></head><body>\n<h1>A/B trial: ", css);
  esc (o, t->title ? t->title : "", -1);
  fprintf (o, "</h1>\n");
  if (t->input) {
    fprintf (o, "<p>Input: ");
    esc (o, t->input, -1);
    fprintf (o, "</p>\n");
  }
  html_branches (o, s);
  m = rv_json_get (s, "differences");
  fprintf (o, "<p>Properties that differ between the branches: ");
  if (!m || !m->n_children)
    fprintf (o, "none");
  for (m = m ? m->child : NULL; m; m = m->next) {
    fprintf (o, "<code>");
    esc (o, m->key, m->key_len);
    fprintf (o, "</code> ");
    esc (o, jstr (m, "a"), -1);
    fprintf (o, " &#8594; ");
    esc (o, jstr (m, "b"), -1);
    fprintf (o, "%s", m->next ? "; " : "");
  }
  fprintf (o, ".</p>\n<p>%" G_GUINT64_FORMAT " cycles compared, %"
      G_GUINT64_FORMAT " identical; missing in A %" G_GUINT64_FORMAT
      ", in B %" G_GUINT64_FORMAT ".</p>\n", ju64 (s, "cycles"),
      ju64 (s, "equal_cycles"), ju64 (rv_json_get (s, "missing"), "a"),
      ju64 (rv_json_get (s, "missing"), "b"));

  fprintf (o, "<h2>What changed, over the stream</h2>\n");
  if (!changed || !changed->n_children)
    fprintf (o, "<p>Nothing: every field was equal on every compared "
        "cycle.</p>\n");
  for (m = changed ? changed->child : NULL; m; m = m->next) {
    const RvAbSeries *ser = g_hash_table_lookup (t->series, m->text);
    const RvJsonValue *f = rv_json_get (fields, m->text);
    const RvJsonValue *d = rv_json_get (decisions, m->text);
    fprintf (o, "<h3><code>");
    esc (o, m->text, -1);
    fprintf (o, "</code></h3>\n<p>");
    if (f && !rv_json_get (f, "max_abs_diff")) {
      fprintf (o, "equal on %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
          " cycles", ju64 (f, "equal"), ju64 (f, "compared"));
    } else if (f) {
      gchar *mx = figure (jf64 (f, "max_abs_diff"));
      gchar *mean = figure (jf64 (f, "mean_abs_diff"));
      gchar *rel = figure (jf64 (f, "max_rel_diff"));
      fprintf (o, "equal on %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
          " cycles; max |&#916;| %s, mean |&#916;| %s, max relative %s",
          ju64 (f, "equal"), ju64 (f, "compared"), mx, mean, rel);
      g_free (mx);
      g_free (mean);
      g_free (rel);
    } else if (d) {
      gchar *cells = cells_text (d);
      fprintf (o, "A/B: ");
      esc (o, cells, -1);
      g_free (cells);
    }
    fprintf (o, "</p>\n");
    if (ser && f && rv_json_get (f, "max_abs_diff"))
      chart_numbers (o, t, ser);
    else if (ser)
      strip (o, "differs", ser->t, end);
  }
  if (t->missing_a->len)
    strip (o, "missing in A", t->missing_a, end);
  if (t->missing_b->len)
    strip (o, "missing in B", t->missing_b, end);

  fprintf (o, "<h2>Every field</h2>\n<table><tr><th>field</th><th>equal</th>"
      "<th>compared</th><th>max |&#916;|</th><th>mean |&#916;|</th>"
      "<th>max relative</th></tr>\n");
  for (m = fields ? fields->child : NULL; m; m = m->next) {
    gchar *mx = figure (jf64 (m, "max_abs_diff"));
    gchar *mean = figure (jf64 (m, "mean_abs_diff"));
    gchar *rel = figure (jf64 (m, "max_rel_diff"));
    fprintf (o, "<tr%s><td><code>", in_array (changed, m->key, m->key_len) ?
        " class=\"changed\"" : "");
    esc (o, m->key, m->key_len);
    fprintf (o, "</code></td><td class=\"n\">%" G_GUINT64_FORMAT
        "</td><td class=\"n\">%" G_GUINT64_FORMAT "</td><td class=\"n\">%s"
        "</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
        ju64 (m, "equal"), ju64 (m, "compared"), mx, mean, rel);
    g_free (mx);
    g_free (mean);
    g_free (rel);
  }
  fprintf (o, "</table>\n<table><tr><th>decision</th><th>A/B: cycles</th>"
      "</tr>\n");
  for (m = decisions ? decisions->child : NULL; m; m = m->next) {
    gchar *cells = cells_text (m);
    fprintf (o, "<tr%s><td><code>", in_array (changed, m->key, m->key_len) ?
        " class=\"changed\"" : "");
    esc (o, m->key, m->key_len);
    fprintf (o, "</code></td><td>");
    esc (o, cells, -1);
    fprintf (o, "</td></tr>\n");
    g_free (cells);
  }
  fprintf (o, "</table>\n");
  if (t->launch) {
    fprintf (o, "<h2>Pipeline</h2>\n<p><code>");
    esc (o, t->launch, -1);
    fprintf (o, "</code></p>\n");
  }
  fprintf (o, "</body></html>\n");
  rv_json_doc_free (doc);
  return TRUE;
}
