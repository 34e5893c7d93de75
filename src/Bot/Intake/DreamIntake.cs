using System.Globalization;
using DreamBot.Bot.DirectMessages;
using DreamBot.Bot.Models;
using DreamBot.Bot.Moderation;
using DreamBot.Bot.Usage;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DreamBot.Bot.Intake;

/// <summary>
/// Accepts a validated /dream: ban check, per-user queue limit, quota, then the generation row; its job follows once
/// the reply is delivered (<see cref="QueueHandOff.ReleaseAsync"/>). The row is written first and is itself the durable record: if
/// the release or the enqueueing never happens, the Worker's queue sweep does it, so an acknowledged request is never lost.
/// </summary>
public sealed partial class DreamIntake(
    IDbContextFactory<DreamBotDb> contexts,
    QueueHandOff handOff,
    LiveModels models,
    TimeProvider time,
    IOptions<DirectMessagesOptions> directMessages,
    IOptions<IntakeOptions> intake,
    ILogger<DreamIntake> logger) : IDreamQueue, IDisposable
{
    private readonly IntakeGate _gate = new(time, intake.Value);
    private readonly double _directMessageDailyUnits = directMessages.Value.DailyUnits;

    public async Task<DreamSubmission> SubmitAsync(DreamRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var turn = await _gate.EnterAsync(request.Origin.UserId, cancellationToken);
        if (turn.Refusal is { } busy)
            return DreamSubmission.Refused(busy);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (generation, refusal, recordedBefore) = await RecordAsync(db, request, cancellationToken);
        if (refusal is not null)
            return DreamSubmission.Refused(refusal);
        // Recorded before: Discord delivered the interaction twice (a resumed gateway session), or the first attempt's
        // commit reached PostgreSQL but its answer was lost. Either way it is queued, and answered as the first time.
        if (!recordedBefore)
            LogAccepted(logger, generation!.Id, request.Origin.InteractionId, generation.CostUnits);
        var (id, model) = (generation!.Id, generation.Parameters.Model);
        var queued = await handOff.QueuedAsync(db, id, cancellationToken);
        return queued with { Release = ct => handOff.ReleaseAsync(id, model, ct) };
    }

    /// <summary>
    /// Checks and inserts in one transaction under the requester's lock (and the guild's, when it has a daily cap), so
    /// concurrent requests see each other: a burst of clicks cannot all pass a check that only one of them fits.
    /// Retried as a whole on a lost connection, so the interaction's own row is looked for first: a retry after a
    /// commit whose answer was lost must find it, not count it against the quota.
    /// </summary>
    private async Task<(Generation? Generation, string? Refusal, bool RecordedBefore)> RecordAsync(
        DreamBotDb db, DreamRequest request, CancellationToken cancellationToken) =>
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            // The transaction is the unit: a savepoint around the insert would only add round trips.
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var settings = await IntakeLocks.TakeAsync(db, request.Origin, ct);
            var now = time.GetUtcNow();
            var rules = await QuotaCalculator.RulesAsync(db, request.Origin.GuildId, ct);
            var facts = await IntakeFacts.ReadAsync(db, settings, rules, request.Origin, now, ct);
            if (facts.Recorded is { } recorded)
                return (recorded, (string?)null, true);
            if (await RefusalAsync(db, settings, rules, facts, request, now, ct) is { } refusal)
                return ((Generation?)null, (string?)refusal, false);

            var generation = request.ToGeneration(now);
            db.Generations.Add(generation);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            // The same interaction recorded by a concurrent delivery that held no lock of this requester's.
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return (await RecordedAsync(db, request, ct), null, true);
            }
            await transaction.CommitAsync(ct);
            return (generation, null, false);
        }, cancellationToken);

    private static Task<Generation?> RecordedAsync(DreamBotDb db, DreamRequest request, CancellationToken cancellationToken) =>
        db.Generations.AsNoTracking().SingleOrDefaultAsync(g => g.InteractionId == request.Origin.InteractionId, cancellationToken);

    public string? RefusalBeforeRecording(long userId) => _gate.RefusalFor(userId);

    public void Dispose() => _gate.Dispose();

    public async Task<DreamDefaults> DefaultsAsync(long? guildId, long userId, bool withModels, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One round trip for both.
        var read = await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").Select(_ => new
        {
            Settings = db.GuildSettings.AsNoTracking().FirstOrDefault(s => guildId != null && s.GuildId == guildId),
            Preferences = db.UserPreferences.AsNoTracking().FirstOrDefault(p => p.UserId == userId),
        }).SingleAsync(cancellationToken);
        return new DreamDefaults(read.Settings.ToDreamLimits(), read.Preferences)
        {
            Models = withModels ? await models.ListAsync(db, cancellationToken) : [],
            SharedQueueModels = withModels ? models.FirstNames() : [],
        };
    }

    public async Task<IReadOnlyList<ServedModel>> ModelsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await models.ListAsync(db, cancellationToken);
    }

    private async Task<string?> RefusalAsync(
        DreamBotDb db, GuildSettings? settings, List<QuotaRule> rules, IntakeFacts facts, DreamRequest request, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var origin = request.Origin;
        if (facts.Ban is { } ban)
            return origin.GuildId is null
                ? DirectMessagePolicy.Banned
                : $"Sorry, you can't use DreamBot in this server{(ban.Reason.Length > 0 ? $" ({ban.Reason})" : "")}. Ask a moderator if you think this is a mistake.";

        if (origin.GuildId is { } filtered && await db.FindBlockedTermAsync(filtered, request.Parameters, cancellationToken) is { } term)
            return $"Your prompt or negative prompt contains \"{term}\", which this server's moderators have blocked. Please rephrase it.";

        var maxWaiting = settings.ToDreamLimits().MaxWaitingPerUser;
        if (facts.Waiting >= maxWaiting)
            return string.Create(CultureInfo.InvariantCulture,
                $"You already have {maxWaiting} requests waiting. Wait for one to start, or cancel one with /cancel.");

        var isModerator = ModeratorCheck.IsModerator(origin.HasModeratorPermissions, origin.Roles, settings?.ModeratorRoleId);
        var quota = await QuotaCalculator.ForMemberAsync(
            db, settings, rules, facts.Usage, origin.GuildId, origin.UserId, origin.Roles, isModerator, now, cancellationToken);
        if (origin.GuildId is null)
            quota = quota with { DailyLimit = _directMessageDailyUnits };
        return quota.RefusalFor(request.Parameters.Cost);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {GenerationId} accepted from interaction {InteractionId} ({Cost} units)")]
    private static partial void LogAccepted(ILogger logger, long generationId, long interactionId, double cost);

}
