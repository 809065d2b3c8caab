"""Background jobs with a clock-made id (CH003) and a Redis write that never runs (CH005)."""

import time

import redis.asyncio as redis


class JobStore:
    def __init__(self, url: str) -> None:
        self.client = redis.from_url(url)

    async def create(self, payload: str) -> str:
        job_id = f"job_{int(time.time())}"
        await self.client.set(job_id, payload)
        return job_id

    async def forget(self, job_id: str) -> None:
        self.client.delete(job_id)

    async def forget_all(self, prefix: str) -> int:
        count = 0
        async for key in self.client.scan_iter(f"{prefix}*"):
            await self.client.delete(key)
            count += 1
        return count
