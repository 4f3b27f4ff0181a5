import { Store } from "./src/storage/store.js";
let fails = 0;
for (let i = 0; i < 40; i++) {
  const url = `sqlite:///tmp/kv/busy-${process.pid}-${i}.sqlite`;
  try {
    const stores = await Promise.all([Store.open(url, "p"), Store.open(url, "p"), Store.open(url, "p")]);
    await Promise.all(stores.map((s) => s.claims.acquire("x", "o" + Math.random(), 1000)));
    await Promise.all(stores.map((s) => s.close()));
  } catch (e) { fails++; console.log(i, (e as Error).message.slice(0, 200)); }
}
console.log("fails", fails);
