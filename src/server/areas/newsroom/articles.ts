/**
 * Article writes used outside the newsroom: the activities area turns an activity into a draft
 * (createArticle), the job runner publishes scheduled articles (publishDueArticles), the test
 * seed indexes articles (articleTsvector). They live in commands/.
 */
export { createArticle } from './commands/createArticle';
export { publishDueArticles } from './commands/publishDueArticles';
export { articleTsvector } from './commands/articleWrites';
