using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <summary>
    /// The intake's locks and its guild's settings in one call, and an index for a user's waiting requests, so a
    /// /dream's checks cost the same whatever the user's history.
    /// </summary>
    public partial class IntakeInOneRoundTrip : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_generations_waiting_user ON dreambot.generations (user_id) WHERE status = 'Queued';

                CREATE FUNCTION dreambot.take_intake_locks(guild bigint, requester bigint) RETURNS SETOF dreambot.guild_settings
                LANGUAGE plpgsql AS $$
                DECLARE
                    settings dreambot.guild_settings;
                BEGIN
                    SELECT * INTO settings FROM dreambot.guild_settings WHERE guild_id = guild;
                    IF settings.guild_daily_units IS NOT NULL THEN
                        PERFORM pg_advisory_xact_lock(hashtextextended('dreambot.intake.guild', guild));
                    END IF;
                    PERFORM pg_advisory_xact_lock(hashtextextended('dreambot.intake.user', requester));
                    IF settings.guild_id IS NOT NULL THEN
                        RETURN NEXT settings;
                    END IF;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION dreambot.take_intake_locks(bigint, bigint);
                DROP INDEX dreambot.ix_generations_waiting_user;
                """);
        }
    }
}
