using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace DreamBot.Shared.Queue;

/// <summary>
/// The order in which queued generations run. Hangfire's queue is first-come-first-served, so DreamBot's jobs are
/// slots: each job runs whichever queued generation is fairest at that moment.
/// <para>
/// Round-robin across guilds, and across users within a guild, while each user's requests keep their order. Each
/// model has its own queue. The order is kept by keys, so no reply or claim ranks the whole backlog:
/// </para>
/// <list type="bullet">
/// <item>a request's <c>queue_round</c> is given when it is queued (the <c>dreambot.assign_queue_round</c> trigger):
/// the round after its user's last one in that guild, and never before the round the guild's queue has reached, so a
/// burst of ten from one user waits behind a single request queued later by someone else;</item>
/// <item>a guild's queue is its requests by (round, arrival), kept in the <c>ix_generations_fair_order</c> index;</item>
/// <item>across guilds, a guild's n-th waiting request stands at round <see cref="QueueGuild.Base"/> + n, which each
/// claim from that guild moves on by one; requests run by that round, oldest first within a round.</item>
/// </list>
/// So the fairest requests are the heads of the guilds' queues (an index seek per guild with requests waiting), and a
/// position counts only the requests ahead of it.
/// </summary>
public static class FairQueue
{
    /// <summary>A queued generation and its 1-based place in the fair order.</summary>
    public sealed record Ranked(long Id, long Position);

    /// <summary>
    /// The first @limit requests of @model's fair order: the first @limit of each waiting guild's queue, merged by round.
    /// Claimable only (<see cref="ClaimableSql"/>): a request still awaiting its acknowledgement keeps its place in the
    /// order but is not taken yet.
    /// </summary>
    private static string PrefixSql(bool claimableOnly) => $"""
        SELECT r.id AS "Id", row_number() OVER (ORDER BY r.round, r.queued_at, r.id) AS "Position"
        FROM (
            SELECT x.id, x.queued_at, w.base + x.rank AS round
            FROM dreambot.waiting_guilds(@model) w
            CROSS JOIN LATERAL (
                SELECT s.id, s.queued_at, s.rank FROM (
                    SELECT g.id, g.user_id, g.queue_round, g.queued_at, g.awaiting_acknowledgement,
                           row_number() OVER (ORDER BY g.queue_round, g.queued_at, g.id) - 1 AS rank
                    FROM dreambot.generations g
                    WHERE g.status = 'Queued' AND g.model = @model AND coalesce(g.guild_id, 0) = w.guild_key
                    ORDER BY g.queue_round, g.queued_at, g.id) s
                {(claimableOnly ? ClaimableSql : "")}
                LIMIT @limit) x
        ) r
        ORDER BY r.round, r.queued_at, r.id
        LIMIT @limit
        """;

    /// <summary>
    /// Not awaiting its acknowledgement, and not behind a request of the same user that is: each user's requests
    /// start in their order.
    /// </summary>
    private const string ClaimableSql = """
        WHERE NOT s.awaiting_acknowledgement AND NOT EXISTS (
            SELECT 1 FROM dreambot.generations e
            WHERE e.awaiting_acknowledgement AND e.user_id = s.user_id AND e.status = 'Queued' AND e.model = @model
              AND coalesce(e.guild_id, 0) = w.guild_key AND (e.queue_round, e.queued_at, e.id) < (s.queue_round, s.queued_at, s.id))
        """;

    private static readonly string OrderSql = PrefixSql(claimableOnly: false);
    private static readonly string ClaimablePrefixSql = PrefixSql(claimableOnly: true);

    /// <summary>
    /// The place of @id: one plus the requests ahead of it in its guild's queue (an index range count) and, for each
    /// other waiting guild, those of its requests whose round comes first (at most as many as are ahead of @id).
    /// </summary>
    private const string PositionSql = """
        WITH me AS (
            SELECT g.id, g.model, coalesce(g.guild_id, 0) AS guild_key, g.queue_round, g.queued_at
            FROM dreambot.generations g WHERE g.id = @id AND g.status = 'Queued'),
        mine AS (
            SELECT me.*, ahead.n AS ahead, coalesce(q.base, 1) + ahead.n AS round
            FROM me
            LEFT JOIN dreambot.queue_guilds q ON q.model = me.model AND q.guild_key = me.guild_key
            CROSS JOIN LATERAL (
                SELECT count(*) AS n FROM dreambot.generations g
                WHERE g.status = 'Queued' AND g.model = me.model AND coalesce(g.guild_id, 0) = me.guild_key
                  AND (g.queue_round, g.queued_at, g.id) < (me.queue_round, me.queued_at, me.id)) ahead)
        SELECT (1 + m.ahead + coalesce((
            SELECT sum(o.n) FROM dreambot.waiting_guilds(m.model) w
            CROSS JOIN LATERAL (
                SELECT count(*) AS n FROM (
                    SELECT g.queued_at, g.id, w.base + row_number() OVER (ORDER BY g.queue_round, g.queued_at, g.id) - 1 AS round
                    FROM dreambot.generations g
                    WHERE g.status = 'Queued' AND g.model = m.model AND coalesce(g.guild_id, 0) = w.guild_key
                    ORDER BY g.queue_round, g.queued_at, g.id
                    LIMIT greatest(0, m.round - w.base + 1)) s
                WHERE (s.round, s.queued_at, s.id) < (m.round, m.queued_at, m.id)) o
            WHERE w.guild_key <> m.guild_key), 0))::integer AS "Value"
        FROM mine m
        """;

    /// <summary>What a claim moves on: each guild's round by the requests it gave, and the latest user round served there.</summary>
    private const string AdvanceSql = """
        UPDATE dreambot.queue_guilds q SET base = q.base + c.n, turn = greatest(q.turn, c.top)
        FROM (SELECT coalesce(guild_id, 0) AS guild_key, count(*)::integer AS n, max(queue_round) AS top
              FROM dreambot.generations WHERE id = ANY(@ids) GROUP BY 1) c
        WHERE q.model = @model AND q.guild_key = c.guild_key
        """;

    /// <summary>The first <paramref name="count"/> queued generations for <paramref name="model"/> with their places.</summary>
    public static Task<List<Ranked>> OrderAsync(this DreamBotDb db, string model, int count, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<Ranked>(OrderSql, ModelParameter(model), LimitParameter(count)).ToListAsync(cancellationToken);

    /// <summary>The models that have requests waiting ("" for the shared queue).</summary>
    public static Task<List<string>> WaitingModelsAsync(this DreamBotDb db, CancellationToken cancellationToken) =>
        db.Generations.Where(g => g.Status == GenerationStatus.Queued).Select(g => g.Parameters.Model).Distinct().ToListAsync(cancellationToken);

    /// <summary>1-based place of a queued generation in the fair order, or null when it is no longer queued.</summary>
    public static async Task<int?> PositionAsync(this DreamBotDb db, long generationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Database.SqlQueryRaw<int>(PositionSql, new NpgsqlParameter("id", generationId))
            .Select(p => (int?)p).SingleOrDefaultAsync(cancellationToken);
    }

    private static NpgsqlParameter ModelParameter(string model) => new("model", NpgsqlDbType.Varchar) { Value = model };

    private static NpgsqlParameter LimitParameter(int limit) => new("limit", NpgsqlDbType.Integer) { Value = limit };

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
            var candidates = (await db.Database.SqlQueryRaw<Ranked>(ClaimablePrefixSql, ModelParameter(model), LimitParameter(maxBatch)).ToListAsync(ct))
                .Select(r => r.Id).ToList();
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
            if (claimed.Count > 0)
                await db.Database.ExecuteSqlRawAsync(AdvanceSql, [ModelParameter(model), new NpgsqlParameter("ids", claimed.ToArray())], ct);
            await transaction.CommitAsync(ct);
            return new ClaimedBatch(claimed, moreWaiting);
        }, cancellationToken);
    }
}
