"""Saves a session with an asyncio client and awaits it: CH005 passes it."""

import asyncio
import sys

import redis.asyncio as redis


async def save(port: int) -> None:
    client = redis.Redis(port=port)
    try:
        await client.ping()
        await client.set("session:1", "alice")
    finally:
        await client.aclose()


asyncio.run(save(int(sys.argv[1])))
