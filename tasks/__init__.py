"""The steps of the data's path, one module each: acquire, decode, clean, dedupe, extract, load."""
