"""The nationwide network (issue 25): the peers a node talks to and how it proves itself (``peers``), the one HTTP
client for calls to a peer (``client``), the feed from a state to the national node (``feed``: the sender at the
state, ``intake``: the national node's side), heartbeats and zero reports (``heartbeats``), the daily
reconciliation (``reconciliation``) and the read functions HQ's pages use (``reports``)."""
