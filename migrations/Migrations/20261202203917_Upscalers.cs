using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Upscalers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "upscalers",
                schema: "dreambot",
                table: "served_models",
                type: "text[]",
                nullable: false,
                // Rows published before this column list no upscalers until their worker starts again.
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "upscaler",
                schema: "dreambot",
                table: "generations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "upscalers",
                schema: "dreambot",
                table: "served_models");

            migrationBuilder.DropColumn(
                name: "upscaler",
                schema: "dreambot",
                table: "generations");
        }
    }
}
