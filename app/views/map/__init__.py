"""The Map tab: the scene, its items, the view, the legend, picture export."""
