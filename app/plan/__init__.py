"""The improvement plan: recommendations, actions, impact measures and KPIs."""
