using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace DreamBot.Shared.Queue;

/// <summary>
/// The order in which queued generations run. Hangfire's queue is first-come-first-served, so DreamBot's jobs are
/// slots: each job runs whichever queued generation is fairest at that moment (see <see cref="OrderSql"/>).
/// </summary>
public static class FairQueue
{
    /// <summary>
    /// What the fair order is computed from, for the queue of one model (@model; "" is the shared queue): the waiting
    /// requests, and what each user and guild has already started since the oldest of them arrived (the backlog).
    /// </summary>
    private const string BacklogSql = """
        WITH queued AS (
            SELECT id, guild_id, user_id, queued_at, awaiting_acknowledgement FROM dreambot.generations WHERE status = 'Queued' AND model = @model),
        backlog AS (
            SELECT min(queued_at) AS since FROM queued),
        started AS (
            SELECT g.guild_id, g.user_id FROM dreambot.generations g, backlog
            WHERE g.started_at >= backlog.since AND g.status <> 'Queued' AND g.model = @model),
        user_served AS (
            SELECT guild_id, user_id, count(*) AS n FROM started GROUP BY guild_id, user_id),
        guild_served AS (
            SELECT guild_id, count(*) AS n FROM started GROUP BY guild_id)
        """;

    /// <summary>
    /// Round-robin across guilds, and across users within a guild, while each user's requests keep their order.
    /// A request's <c>user_round</c> is its place among its user's queued requests plus what that user has already
    /// started during the backlog; <c>guild_round</c> is the same one level up, over the guild's user-interleaved
    /// sequence. Requests run by guild round, oldest first within a round, so a burst of ten from one user waits
    /// behind a single request queued later by someone else.
    /// </summary>
    private const string OrderSql = BacklogSql + """
        ,
        by_user AS (
            SELECT q.id, q.guild_id, q.queued_at,
                   row_number() OVER (PARTITION BY q.guild_id, q.user_id ORDER BY q.queued_at, q.id) + coalesce(us.n, 0) AS user_round
            FROM queued q
            LEFT JOIN user_served us ON us.guild_id IS NOT DISTINCT FROM q.guild_id AND us.user_id = q.user_id),
        by_guild AS (
            SELECT u.id, u.queued_at,
                   row_number() OVER (PARTITION BY u.guild_id ORDER BY u.user_round, u.queued_at, u.id) + coalesce(gs.n, 0) AS guild_round
            FROM by_user u
            LEFT JOIN guild_served gs ON gs.guild_id IS NOT DISTINCT FROM u.guild_id)
        SELECT id, row_number() OVER (ORDER BY guild_round, queued_at, id) AS position
        FROM by_guild
        """;

    /// <summary>A queued generation and its 1-based place in the fair order.</summary>
    public sealed record Ranked(long Id, long Position);

    /// <summary>The first <paramref name="count"/> queued generations for <paramref name="model"/> with their places.</summary>
    public static Task<List<Ranked>> OrderAsync(this DreamBotDb db, string model, int count, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<Ranked>(OrderSql, ModelParameter(model)).OrderBy(r => r.Position).Take(count).ToListAsync(cancellationToken);

    /// <summary>The models that have requests waiting ("" for the shared queue).</summary>
    public static Task<List<string>> WaitingModelsAsync(this DreamBotDb db, CancellationToken cancellationToken) =>
        db.Generations.Where(g => g.Status == GenerationStatus.Queued).Select(g => g.Parameters.Model).Distinct().ToListAsync(cancellationToken);

    /// <summary>1-based place of a queued generation in the fair order, or null when it is no longer queued.</summary>
    public static async Task<int?> PositionAsync(this DreamBotDb db, long generationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var model = await db.Generations.Where(g => g.Id == generationId && g.Status == GenerationStatus.Queued)
            .Select(g => g.Parameters.Model).SingleOrDefaultAsync(cancellationToken);
        if (model is null)
            return null;
        var position = await db.Database.SqlQueryRaw<Ranked>(OrderSql, ModelParameter(model))
            .Where(r => r.Id == generationId)
            .Select(r => (long?)r.Position)
            .SingleOrDefaultAsync(cancellationToken);
        return position is null ? null : (int)position.Value;
    }

    /// <summary>
    /// The fairest queued generation alone, without ranking the whole backlog: by the rules of <see cref="OrderSql"/>
    /// it is the first of some guild's sequence, and a guild's first is one of its users' oldest requests. So only
    /// each user's head competes: within a guild by what the user has been served, across guilds by what the guild has.
    /// A request still awaiting its acknowledgement keeps its place in the order but cannot be claimed yet.
    /// </summary>
    private const string FairestSql = BacklogSql + """
        ,
        user_heads AS (
            SELECT DISTINCT ON (guild_id, user_id) id, guild_id, user_id, queued_at
            FROM queued WHERE NOT awaiting_acknowledgement ORDER BY guild_id, user_id, queued_at, id),
        guild_heads AS (
            SELECT DISTINCT ON (h.guild_id) h.id, h.guild_id, h.queued_at
            FROM user_heads h
            LEFT JOIN user_served us ON us.guild_id IS NOT DISTINCT FROM h.guild_id AND us.user_id = h.user_id
            ORDER BY h.guild_id, coalesce(us.n, 0), h.queued_at, h.id)
        SELECT h.id AS "Value"
        FROM guild_heads h
        LEFT JOIN guild_served gs ON gs.guild_id IS NOT DISTINCT FROM h.guild_id
        ORDER BY coalesce(gs.n, 0), h.queued_at, h.id
        LIMIT 1
        """;

    /// <summary>
    /// The first @limit claimable requests of the fair order: one ranking of the backlog for a whole batch, where as
    /// many <see cref="FairestSql"/> picks would cost more.
    /// </summary>
    private const string ClaimablePrefixSql = "SELECT r.id AS \"Value\" FROM (" + OrderSql + """
        ) r
        JOIN dreambot.generations g ON g.id = r.id
        WHERE NOT g.awaiting_acknowledgement
        ORDER BY r.position
        LIMIT @limit
        """;

    private static NpgsqlParameter ModelParameter(string model) => new("model", NpgsqlDbType.Varchar) { Value = model };

    /// <summary>
    /// Moves the fairest generation queued for <paramref name="model"/> to Running for this job and returns its id, or null when nothing is queued.
    /// </summary>
    public static async Task<long?> ClaimNextAsync(
        this DreamBotDb db, string model, string worker, string jobId, TimeProvider time, CancellationToken cancellationToken) =>
        await db.ClaimBatchAsync(model, worker, jobId, time, 1, cancellationToken) is { Ids: [var id, ..] } ? id : null;

    /// <summary>
    /// The generations one claim moved to Running, fairest first, and whether claimable requests may remain behind
    /// them: false only when the claim stopped because nothing claimable was left.
    /// </summary>
    public sealed record ClaimedBatch(IReadOnlyList<long> Ids, bool MoreWaiting);

    /// <summary>
    /// Moves up to <paramref name="maxBatch"/> generations queued for <paramref name="model"/> to Running for this job,
    /// fairest first, and returns their ids (none when nothing is queued). The batch is a prefix of the fair order of
    /// claimable requests: it takes the next fairest while that one renders in one batch with the first
    /// (<see cref="DreamParameters.RendersInOneBatchWith"/>) and stops at the first that does not, so batching never
    /// lets a request overtake a fairer one, and never waits for more to arrive. One that is cancelled meanwhile is
    /// left out.
    /// Claims are serialised by a transaction-scoped advisory lock: the pick is computed once per claim instead of by
    /// every idle worker at once, and the winner is certain, so concurrent workers never race for the same row.
    /// </summary>
    public static async Task<ClaimedBatch> ClaimBatchAsync(
        this DreamBotDb db, string model, string worker, string jobId, TimeProvider time, int maxBatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            // A claim whose commit was acknowledged to nobody (a dropped connection) is retried; it must not take more
            // rows. Only this job moves rows to Running under its id, so this needs no lock.
            var held = await db.Generations.Where(g => g.JobId == jobId && g.Status == GenerationStatus.Running)
                .OrderBy(g => g.Id).Select(g => g.Id).ToListAsync(ct);
            if (held.Count > 0)
                return new ClaimedBatch(held, MoreWaiting: true);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // One lock per model's queue: different models are claimed in parallel.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"dreambot.claim:" + model}))", ct);
            // Read once the lock is held: a claim that waited for it may take requests queued while it waited.
            var candidates = await (maxBatch == 1
                ? db.Database.SqlQueryRaw<long>(FairestSql, ModelParameter(model))
                : db.Database.SqlQueryRaw<long>(ClaimablePrefixSql, ModelParameter(model), new NpgsqlParameter("limit", maxBatch))).ToListAsync(ct);
            // The fairest is taken whatever it is; the next ones only while they render in one batch with it.
            var batch = candidates;
            if (candidates.Count > 1)
            {
                var parameters = await db.Generations.Where(g => candidates.Contains(g.Id)).Select(g => new { g.Id, g.Parameters }).ToDictionaryAsync(g => g.Id, g => g.Parameters, ct);
                batch = [candidates[0], .. candidates.Skip(1).TakeWhile(id => parameters[candidates[0]].RendersInOneBatchWith(parameters[id]))];
            }
            var moreWaiting = candidates.Count == maxBatch || batch.Count < candidates.Count;
            var now = time.GetUtcNow();
            // Still re-checked by status: a cancellation may land between the pick and the update.
            var updated = await db.Generations
                .Where(g => batch.Contains(g.Id) && g.Status == GenerationStatus.Queued)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(g => g.Status, GenerationStatus.Running)
                    .SetProperty(g => g.StartedAt, now)
                    .SetProperty(g => g.Worker, worker)
                    .SetProperty(g => g.JobId, jobId), ct);
            var claimed = batch;
            if (updated < batch.Count)
            {
                var taken = await db.Generations.Where(g => batch.Contains(g.Id) && g.JobId == jobId && g.Status == GenerationStatus.Running)
                    .Select(g => g.Id).ToListAsync(ct);
                claimed = [.. batch.Where(taken.Contains)];
            }
            await transaction.CommitAsync(ct);
            return new ClaimedBatch(claimed, moreWaiting);
        }, cancellationToken);
    }
}
