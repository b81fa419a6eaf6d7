from incidents.settings import DEFAULT_DB_PATH, Settings


def test_defaults_are_embedded_and_offline():
    s = Settings.from_env({})
    assert s.database_url == f"sqlite:///{DEFAULT_DB_PATH}"
    assert s.seed and s.geocoder == "offline" and not s.online_geocoding and not s.online_tiles


def test_environment_overrides():
    s = Settings.from_env({"DATABASE_URL": "postgresql+psycopg://u@h/db", "ATLAS_SEED": "0",
                           "ATLAS_ONLINE_GEOCODING": "yes", "ATLAS_GEOCODER": "nominatim"})
    assert s.database_url.startswith("postgresql") and not s.seed
    assert s.online_geocoding and s.geocoder == "nominatim"


def test_import_limits_have_defaults_and_read_the_environment():
    s = Settings.from_env({})
    assert (s.max_upload_mb, s.max_rows, s.max_geojson_depth) == (50, 2_000_000, 32)
    s = Settings.from_env({"ATLAS_MAX_UPLOAD_MB": "10", "ATLAS_MAX_CELL_CHARS": "5_000", "ATLAS_MAX_ROWS": "1,000"})
    assert (s.max_upload_mb, s.max_cell_chars, s.max_rows) == (10, 5000, 1000)
    import pytest

    with pytest.raises(ValueError, match="ATLAS_MAX_ROWS"):
        Settings.from_env({"ATLAS_MAX_ROWS": "lots"})


def test_the_uploader_s_advertised_limit_is_the_import_limit():
    """Streamlit refuses an upload over ``server.maxUploadSize`` (and says so); the importer refuses
    one over ``max_upload_mb``: the two are the same number."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == Settings.from_env({}).max_upload_mb
