/* libgstruview — file writes off the streaming thread (see rvfilewriter.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "gst/ruview/rvfilewriter.h"

typedef struct
{
  gchar *location;
  GBytes *bytes;
  GstRvFileWrittenFunc done;
  gpointer user_data;
  GDestroyNotify destroy;
} Job;

struct _GstRvFileWriter
{
  GMutex lock;
  GCond cond;
  GQueue jobs;                  /* pending, one per location */
  gboolean busy;                /* the worker is writing a job */
  gboolean quit;
  GThread *thread;
};

static void
job_free (Job * j)
{
  if (j->destroy)
    j->destroy (j->user_data);
  g_bytes_unref (j->bytes);
  g_free (j->location);
  g_free (j);
}

static gpointer
worker (gpointer data)
{
  GstRvFileWriter *w = data;

  g_mutex_lock (&w->lock);
  for (;;) {
    Job *j;
    GError *error = NULL;
    gsize len;
    gconstpointer bytes;

    while (!w->quit && g_queue_is_empty (&w->jobs))
      g_cond_wait (&w->cond, &w->lock);
    if (g_queue_is_empty (&w->jobs))
      break;
    j = g_queue_pop_head (&w->jobs);
    w->busy = TRUE;
    g_mutex_unlock (&w->lock);

    bytes = g_bytes_get_data (j->bytes, &len);
    /* a temporary file in the same directory, renamed over the target */
    g_file_set_contents (j->location, bytes, (gssize) len, &error);
    if (j->done)
      j->done (j->location, error, j->user_data);
    g_clear_error (&error);
    job_free (j);

    g_mutex_lock (&w->lock);
    w->busy = FALSE;
    g_cond_broadcast (&w->cond);
  }
  g_mutex_unlock (&w->lock);
  return NULL;
}

GstRvFileWriter *
gst_rv_file_writer_new (const gchar * name)
{
  GstRvFileWriter *w = g_new0 (GstRvFileWriter, 1);

  g_mutex_init (&w->lock);
  g_cond_init (&w->cond);
  g_queue_init (&w->jobs);
  w->thread = g_thread_new (name ? name : "rvfilewriter", worker, w);
  return w;
}

void
gst_rv_file_writer_free (GstRvFileWriter * w)
{
  if (!w)
    return;
  g_mutex_lock (&w->lock);
  w->quit = TRUE;
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->lock);
  g_thread_join (w->thread);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
  g_free (w);
}

void
gst_rv_file_writer_write (GstRvFileWriter * w, const gchar * location,
    GBytes * bytes, GstRvFileWrittenFunc done, gpointer user_data,
    GDestroyNotify destroy)
{
  Job *j = g_new0 (Job, 1);
  GList *l;

  j->location = g_strdup (location);
  j->bytes = bytes;
  j->done = done;
  j->user_data = user_data;
  j->destroy = destroy;

  g_mutex_lock (&w->lock);
  for (l = w->jobs.head; l; l = l->next) {
    Job *old = l->data;
    if (g_strcmp0 (old->location, location) == 0) {
      /* only the newest content of a file matters */
      l->data = j;
      j = old;
      break;
    }
  }
  if (!l) {
    g_queue_push_tail (&w->jobs, j);
    j = NULL;
  }
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->lock);
  if (j)
    job_free (j);
}

void
gst_rv_file_writer_flush (GstRvFileWriter * w)
{
  g_mutex_lock (&w->lock);
  while (w->busy || !g_queue_is_empty (&w->jobs))
    g_cond_wait (&w->cond, &w->lock);
  g_mutex_unlock (&w->lock);
}

gboolean
gst_rv_file_writer_check_location (const gchar * location, GError ** error)
{
  gchar *dir = g_path_get_dirname (location);
  gboolean ok = TRUE;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
        "the directory \"%s\" does not exist", dir);
    ok = FALSE;
  } else if (g_access (dir, W_OK | X_OK) != 0) {
    int e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
        "cannot create files in \"%s\": %s", dir, g_strerror (e));
    ok = FALSE;
  } else if (g_file_test (location, G_FILE_TEST_IS_DIR)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
        "\"%s\" is a directory", location);
    ok = FALSE;
  }
  g_free (dir);
  return ok;
}
