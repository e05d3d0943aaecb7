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
#ifndef RV_WS_OUTPUT_H
#define RV_WS_OUTPUT_H

#include <gio/gio.h>

G_BEGIN_DECLS

#define RV_TYPE_WS_OUTPUT (rv_ws_output_get_type ())
G_DECLARE_FINAL_TYPE (RvWsOutput, rv_ws_output, RV, WS_OUTPUT, GOutputStream);

typedef void (*RvWsOutputDrained) (gpointer user_data);

/* Wraps the output of base (a connection stolen from libsoup; closing this
 * stream closes base).  drained is called, in the thread writing, after a
 * write that sent all the bytes it was given. */
RvWsOutput *rv_ws_output_new (GIOStream * base);

void rv_ws_output_set_drained (RvWsOutput * out, RvWsOutputDrained drained,
    gpointer user_data);

/* Bytes written through the stream so far. */
guint64 rv_ws_output_get_written (RvWsOutput * out);

G_END_DECLS
#endif
