//! Timeline pictures: a trace drawn as an SVG, one row per lane.
