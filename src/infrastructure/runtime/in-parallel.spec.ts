import { inParallel } from './in-parallel';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('inParallel', () => {
  it('works on every item, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await inParallel([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      most = Math.max(most, running);
      await tick();
      done.push(item);
      running--;
    });
    expect(done.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('starts nothing after a failure, and rejects only once the work in flight has finished', async () => {
    const started: number[] = [];
    let slowFinished = false;
    const outcome = inParallel([1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      if (item === 1) throw new Error('item 1 failed');
      await tick();
      await tick();
      slowFinished = true;
    });
    await expect(outcome).rejects.toThrow('item 1 failed');
    expect(slowFinished).toBe(true);
    expect(started).toEqual([1, 2]);
  });
});
