using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.Infrastructure;

/// <summary>The context factory the hosts register, over a test's own database.</summary>
public sealed class DatabaseContexts(PostgresDatabase database) : IDbContextFactory<DreamBotDb>
{
    public DreamBotDb CreateDbContext() => database.CreateContext();
}
