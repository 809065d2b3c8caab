"""Saves a session with an asyncio client but forgets `await`: CH005 flags line 13."""

import asyncio
import sys

import redis.asyncio as redis


async def save(port: int) -> None:
    client = redis.Redis(port=port)
    try:
        await client.ping()
        client.set("session:1", "alice")
    finally:
        await client.aclose()


asyncio.run(save(int(sys.argv[1])))
