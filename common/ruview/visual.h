/* libruview — the numbers behind rvvisualize's picture: where the room and
 * the persons go in a frame of any size, which colour a density gets, and
 * the pixel conversion from cairo's premultiplied ARGB to straight alpha.
 * The drawing itself (cairo) is the element's.
 *
 * Layout of a W × H frame (all in pixels, origin top left, y down):
 *   unit u = min(W, H) / 480 (1 at 640 × 480); font size 14·u;
 *   the heads-up band is the top ceil(1.6 · font) rows, full width;
 *   the view is the rest minus a margin of 8·u on every side.
 * The view holds two maps, each fitted into it aspect-correct (one scale for
 * both axes, the largest that fits) and centred:
 *   plan: the room's floor box [xmin, xmax] × [ymin, ymax] (metres, seen
 *     from above, x to the right and y up as on a floor plan):
 *       px = ox + s · (x − xmin),  py = oy + s · (ymax − y);
 *   pose: the pose heuristic's 640 × 480 pixel frame (x right, y down):
 *       px = ox + s · x,  py = oy + s · y.
 *
 * Density colour map: the occupancy grid is seen from above, each (ix, iy)
 * column showing the largest density over its height.  A column's level is
 * t = clamp(d / max(dmax, 0.01), 0, 1), dmax the largest column of the
 * cycle: the strongest column is full scale, but a room whose densities
 * all stay below 0.01 (the density the tomography counts as occupied)
 * stays faint instead of being stretched.  t maps linearly between five
 * stops (straight, not premultiplied, RGBA in 0..1):
 *   0.00 (0.10, 0.20, 0.60, 0.00)   transparent: an empty column shows
 *   0.25 (0.00, 0.55, 0.90, 0.35)   blue
 *   0.50 (0.10, 0.80, 0.40, 0.55)   green
 *   0.75 (1.00, 0.80, 0.10, 0.70)   yellow
 *   1.00 (1.00, 0.20, 0.10, 0.85)   red
 *
 * Nothing here allocates; the alpha conversion fills a static 64 KiB
 * division table once per process.  The pixel loops are written so that
 * the compiler vectorises them (shifts and masks only, no table on the
 * common path). */
#ifndef RUVIEW_VISUAL_H
#define RUVIEW_VISUAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The pose heuristic's frame (pixels). */
#define RV_VISUAL_POSE_WIDTH   640.0
#define RV_VISUAL_POSE_HEIGHT  480.0
/* Densities below this never reach full scale. */
#define RV_VISUAL_DENSITY_FLOOR 0.01

typedef struct {
  double x, y, w, h;
} RvRect;

typedef struct {
  double unit;                  /* min(W, H) / 480 */
  double font;                  /* font size, px */
  RvRect hud;                   /* the heads-up band */
  RvRect view;                  /* where the maps go */
} RvVisualLayout;

void rv_visual_layout (unsigned width, unsigned height, RvVisualLayout *out);

/* A source rectangle fitted into a destination (see above). */
typedef struct {
  double scale;                 /* pixels per source unit */
  double ox, oy;                /* where the source's reference corner lands */
  double x0, y0;                /* the reference corner: (xmin, ymax) when
                                   flip_y, else (xmin, ymin) */
  bool flip_y;
} RvViewMap;

/* Fits [x0, x0 + w] × [y0, y0 + h] (w, h > 0) into dst; flip_y for the
 * plan (source y up). */
void rv_view_map_fit (RvViewMap *m, double x0, double y0, double w, double h,
                      const RvRect *dst, bool flip_y);
/* The plan of a room box b[6] (xmin, ymin, zmin, xmax, ymax, zmax) and the
 * pose frame, fitted into the layout's view. */
void rv_view_map_plan (RvViewMap *m, const RvVisualLayout *l, const double b[6]);
void rv_view_map_pose (RvViewMap *m, const RvVisualLayout *l);

void rv_view_map_apply (const RvViewMap *m, double x, double y,
                        double *px, double *py);

/* The pixels of the source box with corners (xa, ya), (xb, yb): each edge
 * rounded to the nearest pixel boundary, so boxes sharing an edge tile
 * without gap or overlap.  w or h may be 0. */
void rv_view_map_box (const RvViewMap *m, double xa, double ya, double xb,
                      double yb, int *x, int *y, int *w, int *h);

/* Column maxima of a density grid (index iz·ny·nx + iy·nx + ix) into
 * col[iy·nx + ix]; returns the largest (0 for an empty grid; negative
 * densities count as 0). */
double rv_density_columns (const double *dens, size_t nx, size_t ny,
                           size_t nz, double *col);
/* clamp(d / max(dmax, RV_VISUAL_DENSITY_FLOOR), 0, 1) */
double rv_density_level (double d, double dmax);
/* The colour map above: t in 0..1 (clamped) to straight RGBA. */
void rv_density_colour (double t, double rgba[4]);

/* The points of an amplitude profile drawn in box b: sample i of n at
 * x = b.x + b.w · i / (n − 1) (the middle when n = 1),
 * y = b.y + b.h · (1 − v[i] / vmax), vmax the largest sample; a profile
 * with nothing above 0 lies on the bottom edge, and negative or non-finite
 * samples count as 0.  Writes 2n doubles (x, y pairs). */
void rv_visual_profile_points (const float *v, size_t n, const RvRect *b,
                               double *xy);

/* fg over bg, both straight RGBA in 0..1: the straight RGBA of the result
 * (alpha fa + ba·(1 − fa), colours (fc·fa + bc·ba·(1 − fa)) / alpha; all 0
 * when that alpha is 0), so a shape over a known plain background can be
 * filled with its final colour instead of blended pixel by pixel. */
void rv_visual_over (const double fg[4], const double bg[4], double out[4]);

/* A colour per track id (straight RGB in 0..1): hue id · 137.508° (the
 * golden angle, so consecutive ids differ), saturation 0.65, value 1. */
void rv_visual_id_colour (uint32_t id, double rgb[3]);

/* The COCO-17 skeleton: pairs of keypoint indices joined by a limb. */
#define RV_VISUAL_SKELETON_LIMBS 16
extern const uint8_t rv_visual_skeleton[RV_VISUAL_SKELETON_LIMBS][2];

/* n pixels of cairo's ARGB32 (native-endian 32-bit words, alpha in the top
 * byte, colours premultiplied) made straight in place: each colour
 * c = round(c_pre · 255 / a), 0 when a = 0.  Blocks of pixels whose alpha
 * is 0 or 255 (already straight) are only read. */
void rv_argb32_unpremultiply (uint32_t *px, size_t n);

/* n native-endian ARGB words rewritten with their bytes in another order:
 * pixel k's R, G, B, A at byte order[0..3] of dst[k] in memory (e.g.
 * {0, 1, 2, 3} for RGBA, {2, 1, 0, 3} for BGRA).  src and dst do not
 * overlap. */
void rv_argb32_to_bytes (const uint32_t *restrict src,
                         uint32_t *restrict dst, size_t n,
                         const uint8_t order[4]);

#ifdef __cplusplus
}
#endif
#endif
