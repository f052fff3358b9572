"""The reader's widgets: category sidebar, paper list, detail pane and header bar."""
