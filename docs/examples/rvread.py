#!/usr/bin/env python3
"""rvread.py - read the gst-ruview metas of every fused cycle from an appsink.

An example application of the GstRuview typelib (docs/api.md); it needs
Debian's python3-gi and gir1.2-gstreamer-1.0, and the typelib where GObject
Introspection finds it (installed, or `./run env` in the source tree):

    ./rvread.py                 # the synthetic room, 4 s
    ./rvread.py "csisrc location=room.rvcsi ! ... ! rvwitness ! appsink name=sink"

The argument is a launch line with an appsink named "sink" after rvwitness.
For every buffer that carries a witness it prints one JSON line with what the
accessors return, the same document as the C example rvread.c.

This example is in the public domain.
"""
import json
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRuview", "1.0")
from gi.repository import Gst, GstRuview  # noqa: E402

DEFAULT_LAUNCH = ("csisrc num-buffers=1600 ! rvphasealign ! rvmultistaticfuse"
                  " ! rvcirgate ! rvtomography ! rvposetrack ! rvwitness"
                  " ! appsink name=sink sync=false")


def cycle(buf):
    w = GstRuview.buffer_get_rv_witness_meta(buf)
    if w is None:
        return None             # not a cycle rvwitness saw
    doc = {"pts_ns": buf.pts, "witness": w.get_witness(),
           "class": w.get_effective_class()}
    q = GstRuview.buffer_get_rv_quality_meta(buf)
    if q:
        doc["penalized_coherence"] = q.get_penalized_coherence()
        doc["weights"] = list(q.get_weights())
    g = GstRuview.buffer_get_rv_gate_meta(buf)
    if g:
        doc["decision"] = g.get_decision()
        doc["coherence_score"] = g.get_coherence_score()
    c = GstRuview.buffer_get_rv_cir_meta(buf)
    if c:
        dom = c.get_dominant_tap_index()
        doc["dominant_tap"] = dom
        doc["num_taps"] = c.get_num_taps()
        ok, re, im = c.get_tap(dom)
        if ok:
            doc["tap"] = [re, im]
    o = GstRuview.buffer_get_rv_occupancy_meta(buf)
    if o:
        doc["dims"] = list(o.get_dims())
        doc["bounds"] = list(o.get_bounds())
        doc["occupied"] = o.get_occupied_count()
        doc["densities"] = list(o.get_densities())
    p = GstRuview.buffer_get_rv_pose_meta(buf)
    if p:
        persons = []
        for i in range(p.get_n_persons()):
            keypoints = [list(p.get_person_keypoint(i, k))[1:]
                         for k in range(17)]
            persons.append({"id": p.get_person_id(i),
                            "lifecycle": p.get_person_lifecycle(i),
                            "keypoints": keypoints,
                            "bbox": list(p.get_person_bbox(i))[1:]})
        doc["persons"] = persons
    return doc


def main():
    Gst.init(None)
    pipeline = Gst.parse_launch(sys.argv[1] if len(sys.argv) > 1
                                else DEFAULT_LAUNCH)
    sink = pipeline.get_by_name("sink")
    pipeline.set_state(Gst.State.PLAYING)
    while True:
        sample = sink.emit("pull-sample")
        if sample is None:
            break
        doc = cycle(sample.get_buffer())
        if doc is not None:
            print(json.dumps(doc))

    # the appsink is at EOS, or the pipeline failed: say which
    msg = pipeline.get_bus().timed_pop_filtered(
        Gst.CLOCK_TIME_NONE, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    status = 0
    if msg.type == Gst.MessageType.ERROR:
        err, _ = msg.parse_error()
        print("rvread.py: " + err.message, file=sys.stderr)
        status = 1
    pipeline.set_state(Gst.State.NULL)
    return status


if __name__ == "__main__":
    sys.exit(main())
