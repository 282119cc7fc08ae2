"""The domain said to a person in the reader's language: refusals, vocabulary, event names, audit
fields and states, charts."""
