// Progressive enhancement only: every action on the site also works as a plain form post.
