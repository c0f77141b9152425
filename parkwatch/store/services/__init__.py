"""The write path: every write of the commands, the dashboard, the crawler and the demo goes through here.

One module per kind of write, each function taking the caller's open session (`write_session()`) so a
whole action is one transaction, and writing its audit event in that same session:

- `observations`: observations from any channel (a crawled page, a board photo, a manual entry, a
  receipt), corrections, and an inspector's review of a pending photo reading;
- `findings`: finding decisions (confirm, dismiss, undo);
- `inspections`: inspections (检查) and re-inspections (复查), with their finding decisions and photos;
- `campaigns`: campaigns (专项行动);
- `lots`: new lots.

What is audited: every write a person makes or asks for. Two machine writes are recorded elsewhere
instead, because they come in bulk: a crawled page's observation (its source run and its page
snapshot are the record) and the findings `parkwatch check` stores (their evidence rows are).
Invalid input raises `WriteRefused` (message in Chinese, English beside) before anything is written.
"""
