/* rvwssink — the pollable output stream that reports completed writes
 * (rvwsoutput.h).  Used by the server thread only. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rvwsoutput.h"

struct _RvWsOutput
{
  GOutputStream parent;

  GIOStream *base;
  GPollableOutputStream *out;   /* base's output (not owned) */
  RvWsOutputDrained drained;
  gpointer user_data;
  guint64 written;
};

static void rv_ws_output_pollable_init (GPollableOutputStreamInterface * iface);

G_DEFINE_TYPE_WITH_CODE (RvWsOutput, rv_ws_output, G_TYPE_OUTPUT_STREAM,
    G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
        rv_ws_output_pollable_init));

static void
note_written (RvWsOutput * self, gssize done, gsize asked)
{
  if (done <= 0)
    return;
  self->written += (guint64) done;
  if ((gsize) done == asked && self->drained)
    self->drained (self->user_data);
}

static gssize
rv_ws_output_write (GOutputStream * stream, const void *buffer, gsize count,
    GCancellable * cancellable, GError ** error)
{
  RvWsOutput *self = RV_WS_OUTPUT (stream);
  gssize n = g_output_stream_write (G_OUTPUT_STREAM (self->out), buffer,
      count, cancellable, error);
  note_written (self, n, count);
  return n;
}

static gboolean
rv_ws_output_flush (GOutputStream * stream, GCancellable * cancellable,
    GError ** error)
{
  RvWsOutput *self = RV_WS_OUTPUT (stream);
  return g_output_stream_flush (G_OUTPUT_STREAM (self->out), cancellable,
      error);
}

static gboolean
rv_ws_output_close (GOutputStream * stream, GCancellable * cancellable,
    GError ** error)
{
  RvWsOutput *self = RV_WS_OUTPUT (stream);
  return g_io_stream_close (self->base, cancellable, error);
}

static gboolean
rv_ws_output_can_poll (GPollableOutputStream * stream)
{
  return TRUE;
}

static gboolean
rv_ws_output_is_writable (GPollableOutputStream * stream)
{
  return g_pollable_output_stream_is_writable (RV_WS_OUTPUT (stream)->out);
}

static GSource *
rv_ws_output_create_source (GPollableOutputStream * stream,
    GCancellable * cancellable)
{
  RvWsOutput *self = RV_WS_OUTPUT (stream);
  GSource *base = g_pollable_output_stream_create_source (self->out, NULL);
  GSource *src = g_pollable_source_new_full (self, base, cancellable);

  g_source_unref (base);
  return src;
}

static gssize
rv_ws_output_write_nonblocking (GPollableOutputStream * stream,
    const void *buffer, gsize count, GError ** error)
{
  RvWsOutput *self = RV_WS_OUTPUT (stream);
  gssize n = g_pollable_output_stream_write_nonblocking (self->out, buffer,
      count, NULL, error);
  note_written (self, n, count);
  return n;
}

static void
rv_ws_output_pollable_init (GPollableOutputStreamInterface * iface)
{
  iface->can_poll = rv_ws_output_can_poll;
  iface->is_writable = rv_ws_output_is_writable;
  iface->create_source = rv_ws_output_create_source;
  iface->write_nonblocking = rv_ws_output_write_nonblocking;
}

static void
rv_ws_output_finalize (GObject * object)
{
  RvWsOutput *self = RV_WS_OUTPUT (object);
  g_clear_object (&self->base);
  G_OBJECT_CLASS (rv_ws_output_parent_class)->finalize (object);
}

static void
rv_ws_output_class_init (RvWsOutputClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  gobject_class->finalize = rv_ws_output_finalize;
  stream_class->write_fn = rv_ws_output_write;
  stream_class->flush = rv_ws_output_flush;
  stream_class->close_fn = rv_ws_output_close;
}

static void
rv_ws_output_init (RvWsOutput * self)
{
}

RvWsOutput *
rv_ws_output_new (GIOStream * base)
{
  RvWsOutput *self;
  GOutputStream *os;

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);
  os = g_io_stream_get_output_stream (base);
  g_return_val_if_fail (G_IS_POLLABLE_OUTPUT_STREAM (os), NULL);
  self = g_object_new (RV_TYPE_WS_OUTPUT, NULL);
  self->base = g_object_ref (base);
  self->out = G_POLLABLE_OUTPUT_STREAM (os);
  return self;
}

void
rv_ws_output_set_drained (RvWsOutput * out, RvWsOutputDrained drained,
    gpointer user_data)
{
  g_return_if_fail (RV_IS_WS_OUTPUT (out));
  out->drained = drained;
  out->user_data = user_data;
}

guint64
rv_ws_output_get_written (RvWsOutput * out)
{
  g_return_val_if_fail (RV_IS_WS_OUTPUT (out), 0);
  return out->written;
}
