"""What the organisation did with what it heard: "you said, we did" for everyone."""
