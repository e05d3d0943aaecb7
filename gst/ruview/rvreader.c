/* csisrc file readers: the format table and shared helpers (rvreader.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "rvreader.h"

static const GstRvReaderFormat *const gst_rv_reader_formats[] = {
  &gst_rv_reader_record,
  &gst_rv_reader_jsonl,
  &gst_rv_reader_ruview,
  &gst_rv_reader_esp32_csi_tool,
  &gst_rv_reader_esp_csi,
  &gst_rv_reader_intel5300,
  &gst_rv_reader_nexmon,
  &gst_rv_reader_atheros,
  &gst_rv_reader_feitcsi,
};

const GstRvReaderFormat *
gst_rv_reader_find (const guint8 * head, gsize len)
{
  const GstRvReaderFormat *best = NULL;
  guint best_score = 0, i;

  for (i = 0; i < G_N_ELEMENTS (gst_rv_reader_formats); i++) {
    guint score = gst_rv_reader_formats[i]->probe (head, len);
    if (score > best_score) {
      best_score = score;
      best = gst_rv_reader_formats[i];
    }
  }
  return best;
}

const GstRvReaderFormat *
gst_rv_reader_find_by_name (const gchar * name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (gst_rv_reader_formats); i++)
    if (g_str_equal (gst_rv_reader_formats[i]->name, name))
      return gst_rv_reader_formats[i];
  return NULL;
}

gssize
gst_rv_reader_read_line (FILE * fp, gchar ** line, gsize * cap)
{
  ssize_t n;
  size_t c = *cap;

  do {
    n = getline (line, &c, fp);
    *cap = c;
    if (n < 0)
      return -1;
    while (n > 0 && g_ascii_isspace ((*line)[n - 1]))
      (*line)[--n] = '\0';
  } while (n == 0);
  return n;
}

gboolean
gst_rv_reader_first_line_has (const guint8 * head, gsize len,
    const gchar * needle)
{
  const gchar *p = (const gchar *) head, *end = p + len, *eol;

  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p != '{')
    return FALSE;
  eol = memchr (p, '\n', end - p);
  if (!eol)
    eol = end;
  return g_strstr_len (p, eol - p, needle) != NULL;
}
