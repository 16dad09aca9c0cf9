// Placeholder: the adapter is being written.
