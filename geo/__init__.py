"""Offline geography for Incident Atlas: provinces, gazetteer, geocoders and boundaries."""
