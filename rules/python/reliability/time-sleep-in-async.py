import asyncio
import time


async def poll(client):
    while not client.ready():
        # ruleid: time-sleep-in-async
        time.sleep(0.5)
    # ok: time-sleep-in-async
    await asyncio.sleep(0.5)


def wait_sync(client):
    # ok: time-sleep-in-async
    time.sleep(0.5)
