"""An SMTP server on loopback that accepts every message and appends its Message-ID
to a file, one per line, so that scripts/two-instances.sh can tell whether any email
was sent twice. Needs aiosmtpd (PyPI).

    python3 smtp_sink.py PORT FILE
"""
import asyncio
import sys

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        message_id = "?"
        for line in envelope.content.decode("utf-8", "replace").splitlines():
            if not line.strip():
                break  # end of the headers
            if line.lower().startswith("message-id:"):
                message_id = line.split(":", 1)[1].strip()
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(message_id + "\n")
        return "250 OK"


async def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Handler(path), hostname="127.0.0.1", port=port)
    controller.start()
    await asyncio.Event().wait()


asyncio.run(main())
