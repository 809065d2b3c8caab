"""Awaits a command staged on a pipeline: CH008 flags line 13; prints what it really got."""

import asyncio
import sys

import redis.asyncio as redis


async def main(port: int) -> None:
    client = redis.Redis(port=port)
    try:
        async with client.pipeline() as pipe:
            value = await pipe.get("session:1")
            print(type(value).__name__, len(pipe.command_stack))
            print(await pipe.execute())
    finally:
        await client.aclose()


asyncio.run(main(int(sys.argv[1])))
