"""``--shard I/N``: a fixed share of an Organization's accounts by rendezvous hashing of the
account id (inventory/shard.py), and bad input as one line."""

from __future__ import annotations

import pytest

from awsx.cli.main import main
from awsx.core.errors import UserError
from awsx.inventory.shard import Shard, owner

ACCOUNTS = [f"{n:012d}" for n in range(100_000_000_000, 100_000_000_000 + 400 * 7919, 7919)]


def test_every_account_is_in_exactly_one_shard():
    shards = [Shard(index, 4) for index in range(1, 5)]
    assert all(sum(shard.holds(account) for shard in shards) == 1 for account in ACCOUNTS)


def test_the_share_is_a_function_of_the_account_alone():
    # Pinned: sha256 gives these on every machine and Python (the salted hash() would not), so
    # N CI jobs agree without talking to each other.
    assert [owner(account, 4) for account in ("123456789012", "210987654321", "111111111111", "999999999999")] == [
        1, 3, 2, 4]
    before = {account: owner(account, 4) for account in ACCOUNTS}
    fewer = {account: owner(account, 4) for account in ACCOUNTS[::2]}  # half the accounts leave
    assert all(before[account] == shard for account, shard in fewer.items())


def test_shards_are_roughly_even():
    sizes = [sum(owner(account, 4) == index for account in ACCOUNTS) for index in range(1, 5)]
    assert min(sizes) > 400 / 4 * 0.6, sizes


def test_one_more_shard_moves_only_the_accounts_it_wins():
    moved = [account for account in ACCOUNTS if owner(account, 4) != owner(account, 5)]
    assert all(owner(account, 5) == 5 for account in moved)
    assert len(moved) < len(ACCOUNTS) / 3


@pytest.mark.parametrize("text", ["0/5", "5/4", "x/y", "1/0", "1", "-1/2", "1/2/3", ""])
def test_a_bad_shard_is_refused(text):
    with pytest.raises(UserError):
        Shard.parse(text)


@pytest.mark.parametrize(("argv", "message"), [
    (["crawl", "--org", "--shard", "0/5"], "--shard 0/5: I must be between 1 and N"),
    (["crawl", "--org", "--shard", "5/4"], "--shard 5/4: I must be between 1 and N"),
    (["crawl", "--org", "--shard", "x/y"], "--shard 'x/y': expected I/N"),
    (["crawl", "--shard", "1/2"], "--shard needs --org"),
])
def test_the_crawl_verb_says_what_is_wrong_in_one_line(argv, message, tmp_path, capsys):
    assert main([*argv, "-o", str(tmp_path / "part.awsx"), "--no-cache", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("awsx: error: ") and message in err, err
    assert not (tmp_path / "part.awsx").exists()
