namespace DreamBot.Tests.Infrastructure;

/// <summary>
/// A test against its own PostgreSQL database with a <see cref="DatabaseHost"/> on it, both made for each test and
/// dropped after it. The members keep the names the tests' own fields had.
/// </summary>
public abstract class DatabaseHostTest : IAsyncLifetime
{
    protected PostgresDatabase _database { get; } = new();

    protected IHost _host { get; private set; } = null!;

    /// <summary>Whether DreamBot's schema is migrated before the host starts (Hangfire creates its own tables).</summary>
    protected virtual bool Migrated => true;

    /// <summary>The services the test's host has beside DreamBot's shared ones.</summary>
    protected virtual void AddServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        if (Migrated)
            await _database.MigrateAsync();
        _host = DatabaseHost.Build(_database, AddServices);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
    }
}
