"""Searchable forms of Indian person names, computed once in Python for both search engines.

A name arrives in Devanagari or in one of many Latin spellings. We keep it as written and index:

- ``keys``: normalised Latin tokens (:mod:`people.names.tokens`). Devanagari is transliterated the way Indians
  romanise names (:mod:`people.names.scripts`: the inherent vowel dropped where speech drops it: राम -> ram,
  कमला -> kamla); honorifics (Shri, Smt, Late) are dropped; common abbreviations are expanded (Md, Mohd ->
  mohammad; Kr -> kumar).
- ``phonetic``: a script-neutral key per token that common spelling variants share
  (:mod:`people.names.phonetic`): vowel length and vowels after the first letter are ignored, aspirates lose
  their h, w/v/b, z/j, q/k, sh/s and doubled letters are merged (Choudhary, Chaudhari, Chaudhry -> cdr).

The phonetic field also holds the phonetic keys of spelling variants our rules derive
(:mod:`people.names.variants`: Assamese छ for s, Tamil zh, English spelling, ड़ read as d, a nasal Latin leaves
out), fine keys that keep the vowels spelling keeps (the token's own and its variants', marked "="), and each
part's first letter (marked "^"); :mod:`people.names.indexed` writes these fields. A queried part
(:mod:`people.names.terms`) also carries the phonetic key of itself joined to each neighbour, as records index
theirs joined. :mod:`people.names.forms` holds a name's forms as a whole.

The engines match a query term against a name token by exact key, by phonetic key, by a variant's key, or by
a key one edit away (see :class:`indexes.engine.NameClause`).
"""

# Names and their parts repeat across millions of records: their forms are computed once per process.
CACHED_NAMES = 1 << 18
