"""The read-only JSON API, its OpenAPI description and the embeddable headline widget."""
