/* rvwssink — a pollable output stream that tells when libsoup's writes
 * complete.
 *
 * libsoup's WebSocket connection keeps an unbounded queue of outgoing frames
 * and offers no way to see its length.  The sink therefore hands a client
 * one message at a time and keeps the rest in its own bounded queue; this
 * stream, put between the connection and the socket, reports each write
 * that went out whole (libsoup's queue then holds nothing of ours) through
 * a callback, so the sink knows when to hand over the next message.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */
#ifndef GST_RV_WS_OUTPUT_H
#define GST_RV_WS_OUTPUT_H

#include <gio/gio.h>

G_BEGIN_DECLS

#define GST_TYPE_RV_WS_OUTPUT (gst_rv_ws_output_get_type ())
G_DECLARE_FINAL_TYPE (GstRvWsOutput, gst_rv_ws_output, GST, RV_WS_OUTPUT,
    GOutputStream);

typedef void (*GstRvWsOutputDrained) (gpointer user_data);

/* Wraps the output of base (a connection stolen from libsoup; closing this
 * stream closes base).  drained is called, in the thread writing, after a
 * write that sent all the bytes it was given. */
GstRvWsOutput *gst_rv_ws_output_new (GIOStream * base);

void gst_rv_ws_output_set_drained (GstRvWsOutput * out,
    GstRvWsOutputDrained drained, gpointer user_data);

G_END_DECLS
#endif
