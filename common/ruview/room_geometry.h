/* libruview — the room's geometry as text: node positions and the room box,
 * as rvtomography and rvvisualize take them in their properties.
 *
 * Node positions: entries `id:x,y,z` separated by ';', e.g.
 * "1:0.5,0.5,1.5;2:5.5,0.5,1.5".  id is a decimal unsigned 32-bit integer,
 * unique; x, y, z are metres in the room frame (x, y on the floor, z up).
 * Box: `xmin,ymin,zmin,xmax,ymax,zmax` in metres, each max above its min.
 *
 * Numbers are decimal: an optional sign, digits with an optional '.'
 * fraction, an optional exponent (1.5, -2, 3e-1); '.' is the decimal point
 * whatever the process locale; hexadecimal, inf and nan are refused.  Spaces
 * around tokens are ignored, and so are empty entries.
 *
 * Nothing here allocates. */
#ifndef RUVIEW_ROOM_GEOMETRY_H
#define RUVIEW_ROOM_GEOMETRY_H

#include <stddef.h>
#include <stdint.h>

#include "ruview/tomography.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Room geometry text never needs more (64 nodes × 4 shortest doubles). */
#define RV_GEOMETRY_TEXT_MAX 4096

/* Parses node positions into ids[] and pos[] (cap entries each), *n the
 * count.  Returns 0, or −1 with a reason in why (why_len bytes, may be 0)
 * when the text does not parse, names an id twice, holds more than cap
 * entries or none. */
int rv_node_positions_parse (const char *text, uint32_t *ids,
                             RvPosition3D *pos, size_t cap, size_t *n,
                             char *why, size_t why_len);

/* Writes n positions as node-positions text (shortest round-trip numbers,
 * so parsing it gives the same doubles) into buf (len bytes).  Returns the
 * length, or 0 when it does not fit. */
size_t rv_node_positions_format (const uint32_t *ids, const RvPosition3D *pos,
                                 size_t n, char *buf, size_t len);

/* The synthetic room's layout with n_nodes nodes (rv_sensing_synth_node_positions)
 * as node-positions text; 0 when n_nodes is not a valid room size or the
 * text does not fit. */
size_t rv_node_positions_synth_text (unsigned n_nodes, char *buf, size_t len);

/* Parses a box into b[6].  Returns 0, or −1 when it is not six numbers or a
 * max is not above its min. */
int rv_box_parse (const char *text, double b[6]);

#ifdef __cplusplus
}
#endif
#endif
