/* libgstruview — file writes off the streaming thread.
 *
 * An element hands bytes for a file to its writer and goes on; one worker
 * thread per writer writes them atomically (a temporary file in the same
 * directory, renamed over the target) and then calls the element back from
 * that thread (to post a message or an error).  A write handed over while
 * another one for the same location is still waiting replaces it (only the
 * newest content of a file matters), so at most one pending write per
 * location is ever held: memory stays bounded however fast writes come.
 * No lock of the element is held while the file is written. */
#ifndef GST_RUVIEW_FILE_WRITER_H
#define GST_RUVIEW_FILE_WRITER_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

typedef struct _GstRvFileWriter GstRvFileWriter;

/* Called from the writer's thread once `location` was written (error NULL)
 * or not; not called for a write that was replaced by a newer one. */
typedef void (*GstRvFileWrittenFunc) (const gchar * location,
    const GError * error, gpointer user_data);

/* name: the worker thread's name (e.g. the element's) */
GST_RUVIEW_API
GstRvFileWriter *gst_rv_file_writer_new (const gchar * name);

/* Waits for the pending writes, then stops the worker. */
GST_RUVIEW_API
void gst_rv_file_writer_free (GstRvFileWriter * w);

/* Hands bytes (transfer full) over for location; returns at once.
 * user_data is freed with destroy when the write is done or replaced. */
GST_RUVIEW_API
void gst_rv_file_writer_write (GstRvFileWriter * w, const gchar * location,
    GBytes * bytes, GstRvFileWrittenFunc done, gpointer user_data,
    GDestroyNotify destroy);

/* Waits until every write handed over so far is done. */
GST_RUVIEW_API
void gst_rv_file_writer_flush (GstRvFileWriter * w);

/* Checks at start that files can be created in location's directory;
 * FALSE with *error set (G_FILE_ERROR) otherwise. */
GST_RUVIEW_API
gboolean gst_rv_file_writer_check_location (const gchar * location,
    GError ** error);

G_END_DECLS
#endif
