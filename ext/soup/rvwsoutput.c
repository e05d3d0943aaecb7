/* rvwssink — the pollable output stream that reports completed writes
 * (rvwsoutput.h).  Used by the server thread only. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rvwsoutput.h"

struct _GstRvWsOutput
{
  GOutputStream parent;

  GIOStream *base;
  GPollableOutputStream *out;   /* base's output (not owned) */
  GstRvWsOutputDrained drained;
  gpointer user_data;
};

static void gst_rv_ws_output_pollable_init (GPollableOutputStreamInterface * iface);

G_DEFINE_TYPE_WITH_CODE (GstRvWsOutput, gst_rv_ws_output, G_TYPE_OUTPUT_STREAM,
    G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
        gst_rv_ws_output_pollable_init));

static void
note_written (GstRvWsOutput * self, gssize done, gsize asked)
{
  if (done > 0 && (gsize) done == asked && self->drained)
    self->drained (self->user_data);
}

static gssize
gst_rv_ws_output_write (GOutputStream * stream, const void *buffer, gsize count,
    GCancellable * cancellable, GError ** error)
{
  GstRvWsOutput *self = GST_RV_WS_OUTPUT (stream);
  gssize n = g_output_stream_write (G_OUTPUT_STREAM (self->out), buffer,
      count, cancellable, error);
  note_written (self, n, count);
  return n;
}

static gboolean
gst_rv_ws_output_flush (GOutputStream * stream, GCancellable * cancellable,
    GError ** error)
{
  GstRvWsOutput *self = GST_RV_WS_OUTPUT (stream);
  return g_output_stream_flush (G_OUTPUT_STREAM (self->out), cancellable,
      error);
}

static gboolean
gst_rv_ws_output_close (GOutputStream * stream, GCancellable * cancellable,
    GError ** error)
{
  GstRvWsOutput *self = GST_RV_WS_OUTPUT (stream);
  return g_io_stream_close (self->base, cancellable, error);
}

static gboolean
gst_rv_ws_output_can_poll (GPollableOutputStream * stream)
{
  return TRUE;
}

static gboolean
gst_rv_ws_output_is_writable (GPollableOutputStream * stream)
{
  return g_pollable_output_stream_is_writable (GST_RV_WS_OUTPUT (stream)->out);
}

static GSource *
gst_rv_ws_output_create_source (GPollableOutputStream * stream,
    GCancellable * cancellable)
{
  GstRvWsOutput *self = GST_RV_WS_OUTPUT (stream);
  GSource *base = g_pollable_output_stream_create_source (self->out, NULL);
  GSource *src = g_pollable_source_new_full (self, base, cancellable);

  g_source_unref (base);
  return src;
}

static gssize
gst_rv_ws_output_write_nonblocking (GPollableOutputStream * stream,
    const void *buffer, gsize count, GError ** error)
{
  GstRvWsOutput *self = GST_RV_WS_OUTPUT (stream);
  gssize n = g_pollable_output_stream_write_nonblocking (self->out, buffer,
      count, NULL, error);
  note_written (self, n, count);
  return n;
}

static void
gst_rv_ws_output_pollable_init (GPollableOutputStreamInterface * iface)
{
  iface->can_poll = gst_rv_ws_output_can_poll;
  iface->is_writable = gst_rv_ws_output_is_writable;
  iface->create_source = gst_rv_ws_output_create_source;
  iface->write_nonblocking = gst_rv_ws_output_write_nonblocking;
}

static void
gst_rv_ws_output_finalize (GObject * object)
{
  GstRvWsOutput *self = GST_RV_WS_OUTPUT (object);
  g_clear_object (&self->base);
  G_OBJECT_CLASS (gst_rv_ws_output_parent_class)->finalize (object);
}

static void
gst_rv_ws_output_class_init (GstRvWsOutputClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  gobject_class->finalize = gst_rv_ws_output_finalize;
  stream_class->write_fn = gst_rv_ws_output_write;
  stream_class->flush = gst_rv_ws_output_flush;
  stream_class->close_fn = gst_rv_ws_output_close;
}

static void
gst_rv_ws_output_init (GstRvWsOutput * self)
{
}

GstRvWsOutput *
gst_rv_ws_output_new (GIOStream * base)
{
  GstRvWsOutput *self;
  GOutputStream *os;

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);
  os = g_io_stream_get_output_stream (base);
  g_return_val_if_fail (G_IS_POLLABLE_OUTPUT_STREAM (os), NULL);
  self = g_object_new (GST_TYPE_RV_WS_OUTPUT, NULL);
  self->base = g_object_ref (base);
  self->out = G_POLLABLE_OUTPUT_STREAM (os);
  return self;
}

void
gst_rv_ws_output_set_drained (GstRvWsOutput * out, GstRvWsOutputDrained drained,
    gpointer user_data)
{
  g_return_if_fail (GST_IS_RV_WS_OUTPUT (out));
  out->drained = drained;
  out->user_data = user_data;
}
