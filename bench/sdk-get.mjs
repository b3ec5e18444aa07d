// Reference for start-up: the official together-ai SDK retrieving one deployment and printing it
// once as JSON. Same machine, same Node, same simulator as depwatch in bench/run.mjs.
import Together from 'together-ai';

const client = new Together({ apiKey: process.env.TOGETHER_API_KEY, baseURL: process.env.TOGETHER_BASE_URL, maxRetries: 0 });
const deployment = await client.beta.jig.retrieve(process.argv[2] ?? 'steady');
console.log(JSON.stringify(deployment, null, 2));
