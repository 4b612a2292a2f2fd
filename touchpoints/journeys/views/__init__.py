"""Journey pages, by what they do: ``journeys`` (list, edit, delete, the map, exports),
``steps`` (the map's editing requests), ``compare`` (two journeys side by side, and a journey from
a library template); ``board`` holds what they share (the map's board and how an edit answers)."""
