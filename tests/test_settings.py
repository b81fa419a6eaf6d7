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
